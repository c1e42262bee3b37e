import Foundation
import Testing
import Domain
@testable import Readers

/// Where the shared export corpus lives: `../shared/corpus` next to the package root.
enum Corpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Support
        .deletingLastPathComponent()   // ReadersTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/corpus")

    static var isPresent: Bool { FileManager.default.fileExists(atPath: root.path) }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func files(in folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { "\(folder)/\($0)" }
    }
}

enum Fixtures {
    static var root: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The same file in the source tree (golden files are rewritten there with UPDATE_GOLDEN=1).
    static func sourcePath(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(relative).path
    }
}

/// The outcome of reading one file.
struct ReadResult {
    var sink: CollectingSink
    var rejection: FileRejected?

    var measurements: [Domain.Measurement] { sink.measurements }
    var errors: [Diagnostic] { sink.errors }
    var warnings: [Diagnostic] { sink.warnings }

    func table(_ name: String) -> AuxiliaryTable? { sink.tables.first { $0.name == name } }

    func values(sample: String, analyte: String, _ statistic: Statistic) -> [Domain.Measurement] {
        measurements.filter { $0.sample == sample && $0.analyte == analyte && $0.statistic == statistic }
    }

    /// The measurement read at a well (from `extra`), for one analyte and statistic.
    func at(well: String, analyte: String, _ statistic: Statistic) -> Domain.Measurement? {
        measurements.first {
            $0.analyte == analyte && $0.statistic == statistic && extra($0)["well"] == well
        }
    }

    func extra(_ m: Domain.Measurement) -> [String: String] {
        guard !m.extra.isEmpty, let data = m.extra.data(using: .utf8),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return [:] }
        return obj
    }

    func runValue(_ key: String) -> String? {
        guard let t = table("instrument_run"), case .text(let keys) = t.columns[0].column,
              case .text(let values) = t.columns[1].column, let i = keys.firstIndex(of: key) else { return nil }
        return values[i]
    }
}

func read(_ reader: some MeasurementReader, _ path: String) -> ReadResult {
    let sink = CollectingSink()
    do {
        try reader.read(SourceFile(path: path), into: sink)
        return ReadResult(sink: sink, rejection: nil)
    } catch let r as FileRejected {
        return ReadResult(sink: sink, rejection: r)
    } catch {
        Issue.record("unexpected error \(error)")
        return ReadResult(sink: sink, rejection: nil)
    }
}

/// A stable text rendering of everything a reader produced, for golden-file comparison.
enum Golden {
    static func render(_ r: ReadResult) -> String {
        var lines: [String] = []
        if let rej = r.rejection { lines.append("REJECTED\t\(rej.diagnostic.code)\t\(rej.diagnostic.location)\t\(rej.diagnostic.message)") }
        for d in r.sink.diagnostics {
            // Workbook places as Excel shows them (`'IL-6 (25)'!F15`), text files as line:column.
            let place = d.location.sheet != nil ? d.location.place : "\(d.location.line):\(d.location.column)"
            lines.append("\(d.severity.rawValue.uppercased())\t\(d.code)\t\(place)\t\(d.message)")
        }
        for m in r.measurements {
            lines.append([
                "\(m.sourceLine):\(m.sourceColumn)", m.sample, m.analyte, m.statistic.rawValue, number(m.value),
                m.unit, m.qualifier.rawValue, m.rawValue, m.flags, m.extra,
            ].joined(separator: "\t"))
        }
        for t in r.sink.tables {
            lines.append("TABLE\t\(t.name)\t" + t.columns.map(\.name).joined(separator: ","))
            for i in 0..<t.rowCount {
                lines.append("\t" + t.columns.map { c -> String in
                    switch c.column {
                    case .text(let v): return v[i]
                    case .number(let v): return number(v[i])
                    }
                }.joined(separator: "\t"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        return String(d)
    }

    /// Compares a reader's output with `<fixture>.expected.tsv` beside the fixture; with
    /// UPDATE_GOLDEN=1 in the environment the expected file is rewritten in the source tree.
    static func check(_ r: ReadResult, fixture: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let rendered = render(r).replacingOccurrences(of: Fixtures.root.path + "/", with: "")
        let expectedName = fixture + ".expected.tsv"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try rendered.write(toFile: Fixtures.sourcePath(expectedName), atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: Fixtures.path(expectedName), encoding: .utf8)
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? String(a[i]) : "<missing>"
            let y = i < b.count ? String(b[i]) : "<missing>"
            if x != y {
                Issue.record("\(expectedName) line \(i + 1):\n expected: \(x)\n actual:   \(y)", sourceLocation: sourceLocation)
                return
            }
        }
    }
}
