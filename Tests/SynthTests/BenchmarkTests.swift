import Domain
import Foundation
import Readers
import Testing

@testable import Synth

@Suite struct BenchmarkTests {
    @Test func writesExactlyTheRequestedRowsAndPlates() throws {
        let root = Generated.temporaryFolder("bench")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = try Synthesizer.writeBenchmark(to: root, rows: 20_011, plates: 2, seed: 5)
        let tidy = try #require(files.first { $0.hasSuffix("benchmark-tidy.csv") })
        let text = try String(contentsOfFile: tidy, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 20_012)
        let sink = CollectingSink()
        try TidyCSVReader().read(SourceFile(path: tidy), into: sink)
        #expect(sink.errors.isEmpty)
        #expect(sink.measurements.count == 20_011)
        #expect(Set(sink.measurements.map(\.assay)) == [.cytometry, .cytokine, .clinical])
        let plates = files.filter { $0.contains("/flowjo/") }
        #expect(plates.count == 2)
        for p in plates {
            let rows = try records(p).filter { !($0.count == 1 && $0[0].isEmpty) }
            #expect(rows.count == 1 + 96 + 2)
        }
        let manifest = try table(root + "/flowjo-manifest.csv")
        #expect(manifest.count == 192)

        let again = Generated.temporaryFolder("bench-again")
        defer { try? FileManager.default.removeItem(atPath: again) }
        try Synthesizer.writeBenchmark(to: again, rows: 20_011, plates: 2, seed: 5)
        #expect(FileManager.default.contentsEqual(atPath: tidy, andPath: again + "/benchmark-tidy.csv"))
    }

    @Test func zeroRowsWritesOnlyTheHeader() throws {
        let root = Generated.temporaryFolder("bench-empty")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Synthesizer.writeBenchmark(to: root, rows: 0, plates: 0, seed: 5)
        #expect(
            try String(contentsOfFile: root + "/benchmark-tidy.csv", encoding: .utf8)
                == "subject,visit,date,assay,analyte,statistic,value,unit,denominator\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/flowjo").filter { $0.hasSuffix(".csv") }.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: root + "/flowjo-manifest.csv"))
    }

    /// The hand-rolled number formatting agrees with printf.
    @Test func byteWriterFormatsNumbersLikePrintf() throws {
        let path = Generated.temporaryFolder("bytes") + "/numbers.txt"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let w = try ByteWriter(path: path, capacity: 64)
        var r = SynthRandom(seed: 3)
        var expected = ""
        for i in 0..<2000 {
            let x = r.logNormal(median: 50, cv: 3) * (i % 7 == 0 ? -1 : 1)
            let d = 1 + i % 4
            try w.append(x, decimals: d)
            try w.append(byte: 10)
            expected += NumberText.fixed((x * pow(10, Double(d))).rounded() / pow(10, Double(d)), d) + "\n"
            try w.append(integer: i * 7919)
            try w.append(byte: 10)
            expected += "\(i * 7919)\n"
        }
        try w.close()
        let got = try String(contentsOfFile: path, encoding: .utf8)
        #expect(got == expected)
    }
}

@Suite struct OutputSafetyTests {
    @Test func rerunReplacesItsOwnFoldersAndRefusesForeignOnes() throws {
        let root = Generated.temporaryFolder("rerun")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Synthesizer.writeBenchmark(to: root, rows: 10, plates: 3, seed: 1)
        try Synthesizer.writeBenchmark(to: root, rows: 10, plates: 1, seed: 1)
        let plates = try FileManager.default.contentsOfDirectory(atPath: root + "/flowjo").filter { $0.hasSuffix(".csv") }
        #expect(plates == ["BENCH_TregTfh_Plate0001.csv"], "stale plates of the first run must be gone")

        let foreign = Generated.temporaryFolder("foreign")
        defer { try? FileManager.default.removeItem(atPath: foreign) }
        try FileManager.default.createDirectory(atPath: foreign + "/NCT04062006", withIntermediateDirectories: true)
        try Data("real data".utf8).write(to: URL(fileURLWithPath: foreign + "/NCT04062006/keep.csv"))
        #expect(throws: SynthError.self) { try Synthesizer.writeSampleData(to: foreign, seed: 1) }
        #expect(FileManager.default.fileExists(atPath: foreign + "/NCT04062006/keep.csv"))
        #expect(!FileManager.default.fileExists(atPath: foreign + "/NCT05495321"), "nothing is written before the refusal")
    }
}
