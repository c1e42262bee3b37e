import Foundation
import Testing
import Domain
@testable import Readers

/// Fixtures, the real-export corpus, and the allotropy-style comparison of a reader's output with
/// an `.expected.tsv` file written by hand beside each fixture.
enum FlowJoFixtures {
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("flowjo")
    }

    static func file(_ name: String) -> SourceFile {
        SourceFile(path: directory.appendingPathComponent(name).path)
    }

    /// `../shared/corpus/flowjo` next to the package root; absent on machines without the corpus.
    static var corpus: URL { Corpus.root.appendingPathComponent("flowjo") }

    static func corpusFile(_ name: String) -> SourceFile {
        SourceFile(path: corpus.appendingPathComponent(name).path)
    }

    static var corpusAvailable: Bool {
        FileManager.default.fileExists(atPath: corpus.appendingPathComponent("flowkit__8_color_ICS.wsp").path)
    }

    static func run(_ reader: some MeasurementReader, _ file: SourceFile) throws -> CollectingSink {
        let sink = CollectingSink()
        try reader.read(file, into: sink)
        return sink
    }

    /// Differences between `measurements` and the rows of `<fixture>.expected.tsv`, in order.
    static func differences(_ measurements: [Domain.Measurement], expected name: String) throws -> [String] {
        let url = directory.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst().components(separatedBy: "\t")
        #expect(header == ["sample", "sourceName", "statistic", "denominator", "parameter", "value", "unit",
                           "qualifier", "raw", "flags", "line", "column"])
        var out: [String] = []
        if lines.count != measurements.count {
            out.append("expected \(lines.count) measurements, got \(measurements.count)")
        }
        for (i, (line, m)) in zip(lines, measurements).enumerated() {
            let f = line.components(separatedBy: "\t")
            let got = [m.sample, m.sourceName, m.statistic.rawValue, m.denominator, m.parameter, "",
                       m.unit, m.qualifier.rawValue, m.rawValue, m.flags, String(m.sourceLine), String(m.sourceColumn)]
            for (k, name) in header.enumerated() where k != 5 && f[k] != got[k] {
                out.append("row \(i + 1) \(name): expected '\(f[k])', got '\(got[k])'")
            }
            // The ungated sample (path "") is the one value whose analyte is not its path: TOTAL.
            let analyte = m.sourceName.isEmpty ? PopulationCatalogue.totalEvents : m.sourceName
            if m.analyte != analyte { out.append("row \(i + 1): analyte '\(m.analyte)' is not '\(analyte)'") }
            if m.assay != .cytometry { out.append("row \(i + 1): assay \(m.assay)") }
            if !m.subject.isEmpty || !m.visit.isEmpty { out.append("row \(i + 1): subject/visit filled by the reader") }
            let want = Double(f[5]) ?? .nan
            let same = want.isNaN ? m.value.isNaN : abs(m.value - want) <= 1e-9 * max(1, abs(want))
            if !same { out.append("row \(i + 1) value: expected \(f[5]), got \(m.value)") }
        }
        return out
    }

    /// Diagnostics as `severity code line:column`, for compact assertions.
    static func summary(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.severity.rawValue) \($0.code) \($0.location.line):\($0.location.column)" }
    }

    /// A temporary file with `bytes`, removed by the caller.
    static func temporary(_ name: String, _ bytes: [UInt8]) throws -> SourceFile {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flowjo-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return SourceFile(path: url.path)
    }
}
