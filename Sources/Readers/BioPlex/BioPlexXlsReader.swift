import Domain
import LegacyExcel

/// Bio-Rad Bio-Plex Manager exports saved as legacy Excel 97-2003 `.xls` (most Bio-Plex files
/// labs upload): the same sheets as the `.xlsx`, read by `LegacyExcel` and interpreted by the
/// same `BioPlexWorkbook`, so both formats of one plate give identical measurements.
public struct BioPlexXlsReader: MeasurementReader {
    public let format = SourceFormat(id: "bioplex-xls", parserVersion: "1.0.0")
    public init() {}

    /// The OLE2 signature, then a sheet with a Bio-Plex header row. The signature alone would
    /// also claim Word documents and other workbooks, so the file is opened to look.
    public func recognizes(_ preview: SourcePreview) -> Bool {
        guard LegacyWorkbook.hasSignature(preview.head), let workbook = try? XlsWorkbook(preview.file) else { return false }
        return BioPlexWorkbook.looksLikeBioPlex(workbook)
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let workbook = try XlsWorkbook(file)
        for problem in workbook.problems {
            sink.report(.warning(file.location(), code: "xls-cell-unreadable", problem))
        }
        try BioPlexWorkbook.read(workbook, into: sink)
    }
}
