import Foundation
import TestSupport

@testable import LegacyExcel

/// Files these tests read: the shared corpus (skipped when absent) and the ReadersTests
/// fixtures written by make_bioplex_plate_xls_xlsx.py.
enum Files {
    static let corpus = SharedCorpus.directory.appendingPathComponent("bioplex")

    static func fixture(_ name: String) -> String { PackagePaths.readerFixture("bioplex/\(name)") }

    static var corpusXLS: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasSuffix(".xls") }.sorted().map { corpus.appendingPathComponent($0).path }
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
}

extension LegacyWorkbook {
    func cell(_ sheet: String, _ row: Int, _ column: Int) -> LegacyCellValue? {
        sheets.first { $0.name == sheet }?.cells.first { $0.row == row && $0.column == column }?.value
    }
}
