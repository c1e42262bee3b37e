import Domain
import Foundation
import Testing

@testable import Readers

func writeTemp(_ bytes: [UInt8], name: String = "f.csv") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readers-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

func records(_ path: String, chunkSize: Int = 1 << 20) throws -> [(Int, [String])] {
    let r = try DelimitedReader(path: path, chunkSize: chunkSize)
    var out: [(Int, [String])] = []
    try r.forEachRecord {
        out.append(($0.line, $0.strings))
        return true
    }
    return out
}

@Suite("Delimited text")
struct DelimitedReaderTests {
    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndingsAndQuotedFields(_ eol: String) throws {
        let text = "a,b,c\(eol)1,\"x, y\",\"say \"\"hi\"\"\"\(eol)2,\"multi\(eol)line\",z\(eol)3,,\(eol)"
        for chunk in [7, 64, 1 << 20] { // tiny chunks force records to span refills
            let recs = try records(writeTemp(Array(text.utf8)), chunkSize: chunk)
            #expect(recs.map(\.1) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "multi\(eol)line", "z"], ["3", "", ""]])
            #expect(recs.map(\.0) == [1, 2, 3, 5])
        }
    }

    @Test func bomIsSkippedAndSemicolonDetected() throws {
        let path = writeTemp([0xEF, 0xBB, 0xBF] + Array("subject;value\nP1;12,5\nP2;1.234,5\n".utf8))
        let r = try DelimitedReader(path: path)
        #expect(r.encoding == .utf8 && r.delimiter == UInt8(ascii: ";") && r.decimalComma)
        var values: [Double?] = []
        try r.forEachRecord { rec in
            if rec.line > 1 { values.append(NumberParsing.double(rec.string(1), decimalComma: true)) }
            return true
        }
        #expect(values == [12.5, 1234.5])
    }

    @Test func tabDelimitedMacRomanWithCROnly() throws {
        // FlowJo 9 on a Mac: CR line endings, MacRoman en dash (0xD0).
        let bytes = Array("gate\tFreq\r".utf8) + Array("IL-17A".utf8) + [0xD0] + Array("\t12.5\r".utf8)
        let path = writeTemp(bytes)
        let r = try DelimitedReader(path: path)
        #expect(r.encoding == .macRoman && r.delimiter == 0x09)
        #expect(r.warnings.map(\.code) == ["legacy-encoding"])
        // The warning points at the line holding the first byte that is not UTF-8 (CR endings).
        #expect(r.warnings.first?.location.line == 2)
        #expect(try records(path).map(\.1) == [["gate", "Freq"], ["IL-17A–", "12.5"]])
    }

    @Test func windows1252MicroSign() throws {
        let path = writeTemp(Array("unit\r\n".utf8) + [0xB5] + Array("g/mL\r\n".utf8))
        #expect(try records(path).map(\.1) == [["unit"], ["µg/mL"]])
    }

    @Test func aSmallFileWithOneLateCp1252ByteIsReadAsWindows1252() throws {
        // Files up to 16 MiB choose their encoding from all their bytes: an Excel re-save with
        // one "µ" deep in a Units section is Windows-1252, not a broken UTF-8 file.
        var bytes = Array("a\n".utf8)
        for _ in 0..<40 { bytes += Array("ok\n".utf8) }
        bytes += [0xB5, 0x67, 0x0A]
        let path = writeTemp(bytes)
        let r = try DelimitedReader(path: path, chunkSize: 32)
        #expect(r.encoding == .windows1252 && r.warnings.map(\.code) == ["legacy-encoding"])
        #expect(try records(path, chunkSize: 32).last?.1 == ["µg"])
    }

    @Test func invalidUTF8BeyondTheDetectionWindowIsRejectedWithItsLine() throws {
        // Larger files are streamed: their first chunk decides, and a bad byte later rejects
        // the file at its line rather than being decoded as garbage.
        var bytes = Array("a\n".utf8)
        let line = Array(String(repeating: "x", count: 1023).utf8) + [0x0A]
        for _ in 0..<(17 * 1024) { bytes += line }
        bytes += [0x41, 0xFF, 0x0A]
        let path = writeTemp(bytes)
        do {
            _ = try records(path)
            Issue.record("expected a rejection")
        } catch let e as FileRejected {
            #expect(e.diagnostic.location.line == 17 * 1024 + 2)
            // "A" then 0xFF: the byte is the line's second character.
            #expect(e.diagnostic.location.column == 2)
            #expect(e.diagnostic.code == "invalid-utf8")
        }
    }
}

@Suite("Value tokens")
struct QualifiedValueTests {
    @Test func tokens() {
        func p(_ s: String) -> QualifiedValue? { QualifiedValue.parse(s) }
        #expect(p("4.43E+05")?.value == 443000)
        #expect(p("12.5%")?.value == 12.5 && p("12.5%")?.raw == "12.5%")
        #expect(p("< 0.105") == QualifiedValue(value: 0.105, qualifier: .belowLLOQ, raw: "< 0.105"))
        #expect(p(">18300") == QualifiedValue(value: 18300, qualifier: .aboveULOQ, raw: ">18300"))
        #expect(p("*545.3") == QualifiedValue(value: 545.3, qualifier: .extrapolated, raw: "*545.3"))
        #expect(p("OOR <")?.qualifier == .belowLLOQ && p("OOR <")!.value.isNaN)
        #expect(p("OOR >")?.qualifier == .aboveULOQ)
        #expect(p("***")?.qualifier == .notAvailable)
        #expect(p("NaN")?.qualifier == .notAvailable)
        #expect(p("")?.qualifier == .notAvailable)
        #expect(p("---")?.qualifier == .outlier)
        #expect(p("abc") == nil)
        #expect(p("<abc") == nil)
        #expect(p("12,5") == nil) // not a number unless the file uses decimal commas
        #expect(QualifiedValue.parse("12,5", decimalComma: true)?.value == 12.5)
    }

    @Test func dates() {
        #expect(DateParsing.isoDate("2024-02-29") == "2024-02-29")
        #expect(DateParsing.isoDate("2023-02-29") == nil)
        #expect(DateParsing.isoDate("2024/3/5") == "2024-03-05")
        #expect(DateParsing.dayFirst("05/03/2024") == "2024-03-05")
        #expect(DateParsing.monthFirst("3/5/2024 10:31") == "2024-03-05")
        // The ten-byte form is read by bytes; the same answers as the general path.
        #expect(DateParsing.isoDate("2024-13-01") == nil)
        #expect(DateParsing.isoDate("1899-12-31") == nil)
        #expect(DateParsing.isoDate("2024-1a-01") == nil)
        #expect(DateParsing.isoDate("2024/03/05") == "2024-03-05")
        #expect(DateParsing.isoDate("2024-03-05T10:31") == "2024-03-05")
        #expect(DateParsing.isoDate(" 2024-03-05") == "2024-03-05")
    }
}
