import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

/// The reader fixtures, read where they are in the source tree (`Tests/ReadersTests/Fixtures`).
enum Fixtures {
    static var root: URL { PackagePaths.readerFixtures }

    static func path(_ relative: String) -> String { PackagePaths.readerFixture(relative) }
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
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: String]
        else { return [:] }
        return obj
    }

    func runValue(_ key: String) -> String? {
        guard let t = table("instrument_run"), case .text(let keys) = t.columns[0].column,
            case .text(let values) = t.columns[1].column, let i = keys.firstIndex(of: key)
        else { return nil }
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
