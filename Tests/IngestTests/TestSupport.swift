import Domain
import Foundation
import TestSupport

@testable import Ingest

func shippedPanel(_ name: String) throws -> Panel {
    try Panel.load(path: PackagePaths.path("pipelines/panels/\(name).yaml"))
}

/// A cytometry measurement as a FlowJo reader would emit it (sourceName = gate path).
func flow(
    _ sample: String, _ path: String, _ statistic: Statistic, _ value: Double,
    line: Int = 0, column: Int = 0, subject: String = "", date: String = ""
) -> Domain.Measurement {
    Domain.Measurement(
        sample: sample, subject: subject, collectionDate: date, assay: .cytometry,
        analyte: path, sourceName: path, statistic: statistic, value: value,
        sourceLine: line, sourceColumn: column)
}

/// A measurement already mapped to canonical codes.
func mapped(
    _ sample: String, _ code: String, _ statistic: Statistic, _ value: Double, of denominator: String = "",
    line: Int = 0, column: Int = 0
) -> Domain.Measurement {
    Domain.Measurement(
        sample: sample, assay: .cytometry, analyte: code, sourceName: code, statistic: statistic,
        denominator: denominator, value: value, sourceLine: line, sourceColumn: column)
}

/// Writes text to a fresh temporary file and returns its path.
func temporaryFile(_ name: String, _ text: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("immunopipe-ingest-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// The FileRejected thrown by `body`, or nil.
func rejection(_ body: () throws -> Void) -> FileRejected? {
    do {
        try body()
        return nil
    } catch let e as FileRejected { return e } catch { return nil }
}

let trunk = "Lymphocytes/Single Cells/Live/CD3+/CD4+"
