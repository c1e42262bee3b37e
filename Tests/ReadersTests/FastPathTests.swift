import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

/// The shortcuts of the long-CSV hot path must give exactly what the general code gives.
@Suite("Parsing fast paths")
struct FastPathTests {
    func plain(_ s: String) -> Double? {
        Array(s.utf8).withUnsafeBufferPointer { NumberParsing.plainDouble($0) }
    }

    @Test func plainNumbersMatchStrtodBitForBit() {
        var rng = SeededGenerator(seed: 42)
        var texts = [
            "0", "-0", "0.0", "-0.000", "5.", ".5", "-.5", "007", "0.1", "0.3", "123456789012345",
            "1234567890123456", "12345678901234567890", "9007199254740993", "0.000000000000000000000001",
            "1.7976931348623157", "4.43E+05", "1e-7", "2.5e3", "+5", "-1234.5678",
        ]
        for _ in 0..<20_000 {
            let intDigits = Int.random(in: 0...12, using: &rng), fracDigits = Int.random(in: 0...12, using: &rng)
            var s = Bool.random(using: &rng) ? "-" : ""
            s += String((0..<intDigits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            if fracDigits > 0 || Bool.random(using: &rng) {
                s += "." + String((0..<fracDigits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            }
            texts.append(s)
        }
        for t in texts {
            let expected: Double? = t.withCString { p in
                var end: UnsafeMutablePointer<CChar>?
                let d = strtod(p, &end)
                return end.map { $0 - UnsafeMutablePointer(mutating: p) } == t.utf8.count && !t.isEmpty && d.isFinite ? d : nil
            }
            let got = plain(t)
            #expect(got?.bitPattern == expected?.bitPattern, "\(t): \(String(describing: got)) vs strtod \(String(describing: expected))")
        }
    }

    @Test func notNumbersStayNil() {
        for t in ["", ".", "-", "-.", "1.2.3", "--1", "1-", "12a", " 1", "1,5", "NaN", "inf", "1e400"] {
            #expect(plain(t) == nil, "\(t)")
        }
    }

    @Test func fieldInterningReturnsEachFieldsOwnValue() {
        var table = FieldInterning<String>(limit: 300)
        var calls = 0
        // 1,000 distinct keys (the table grows, then starts afresh at its limit), of every length
        // up to and beyond the 32 cached bytes, sharing long prefixes.
        let keys = (0..<1000).map { i in String(repeating: "p", count: i % 40) + "\(i)" }
        for round in 0..<3 {
            for k in keys.shuffled() + keys {
                let v = Array(k.utf8).withUnsafeBufferPointer {
                    table.value($0) {
                        calls += 1
                        return "<\(k)>"
                    }
                }
                #expect(v == "<\(k)>")
            }
            if round == 0 { #expect(calls >= 1000) }
        }
        // The empty field is a key like any other.
        #expect([UInt8]().withUnsafeBufferPointer { table.value($0) { "empty" } } == "empty")
    }

    @Test func longFieldsAndUTF8AtEveryOffsetOfAWord() throws {
        // Fields longer than a word, multibyte characters straddling word boundaries, a field
        // ending right at the buffer's end, and CRLF.
        var lines: [[String]] = []
        for pad in 0..<12 {
            lines.append([String(repeating: "a", count: pad) + "µgé€", "x" + String(repeating: "b", count: pad), "IL-17A/F"])
        }
        let text = lines.map { $0.joined(separator: ",") }.joined(separator: "\r\n")
        for chunk in [64, 1 << 20] {
            let recs = try records(writeTemp(Array(text.utf8)), chunkSize: chunk)
            #expect(recs.map(\.1) == lines)
            #expect(recs.map(\.0) == Array(1...12))
        }
    }

    @Test(arguments: [0, 3, 7, 8, 15])
    func anInvalidByteInsideALongFieldIsFound(_ offset: Int) throws {
        // A file past the 16 MiB judged whole, so its first chunk decides UTF-8; the bad byte
        // sits `offset` bytes into a 20-byte field of a later line.
        var bytes = Array("a,b\n".utf8)
        let line = Array(String(repeating: "x", count: 1023).utf8) + Array(",y\n".utf8)
        for _ in 0..<(17 * 1024) { bytes += line }
        var field = Array(String(repeating: "z", count: 20).utf8)
        field[offset] = 0xFF
        bytes += field + Array(",w\n".utf8)
        do {
            _ = try records(writeTemp(bytes))
            Issue.record("expected a rejection")
        } catch let e as FileRejected {
            #expect(e.diagnostic.code == "invalid-utf8")
            #expect(e.diagnostic.location.line == 17 * 1024 + 2)
        }
    }

    @Test func tidyRowsShorterThanTheHeaderAreRowErrorsNotCrashes() throws {
        let text = """
            subject,visit,assay,analyte,statistic,value,date
            P1,V1,cytometry,CD4,count,12,2024-01-02
            P1,V1,cytometry,CD4
            P1,V1,cytometry,CD4,count
            P1,V1,cytometry,CD4,count,-0.5
            P1,V1,cytokine,IL6,concentration,< 0.105,2024-01-03

            """
        let sink = CollectingSink()
        try TidyCSVReader().read(SourceFile(path: writeTemp(Array(text.utf8))), into: sink)
        // A row that stops before the value has an empty value: not available, like an empty cell.
        #expect(sink.measurements.map(\.value).map { $0.isNaN ? -99 : $0 } == [12, -99, -0.5, 0.105])
        #expect(sink.measurements.map(\.qualifier) == [.inRange, .notAvailable, .inRange, .belowLLOQ])
        #expect(sink.measurements.map(\.collectionDate) == ["2024-01-02", "", "", "2024-01-03"])
        #expect(sink.measurements.last?.rawValue == "< 0.105")
        #expect(sink.errors.map(\.code) == ["missing-statistic"])
        #expect(sink.errors.map(\.location.line) == [3])
    }
}
