import Domain

/// Meso Scale Discovery Workbench exports saved as Excel (`.xlsx`): the sheet `Workbench data`
/// holds the same table as the Workbench CSV and is read by the same `MSDWorkbenchTable`, so
/// both files of one plate give the same measurements. Other sheets (the instrument's `MSD
/// Data` header, charts) are not read. Diagnostics name the sheet's row and column.
public struct MSDXlsxReader: MeasurementReader {
    public let format = SourceFormat(id: "msd-xlsx", parserVersion: "1.0.0")
    public init() {}

    static let sheetName = "Workbench data"

    /// An xlsx whose workbook has a `Workbench data` sheet. The sheet names are inside the
    /// compressed archive, so recognition opens the workbook (only its small index parts).
    public func recognizes(_ preview: SourcePreview) -> Bool {
        guard preview.head.starts(with: [0x50, 0x4B, 0x03, 0x04]), preview.fileExtension == "xlsx",
            let workbook = try? XlsxWorkbook(preview.file)
        else { return false }
        return Self.sheet(in: workbook) != nil
    }

    static func sheet(in workbook: XlsxWorkbook) -> XlsxWorkbook.Sheet? {
        workbook.sheets.first { $0.name.trimmingSpaces.lowercased() == sheetName.lowercased() }
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let workbook = try XlsxWorkbook(file)
        guard let sheet = Self.sheet(in: workbook) else {
            let names = workbook.sheets.map { "'\($0.name)'" }.joined(separator: ", ")
            throw FileRejected(
                file.location(), code: "missing-sheet",
                "no sheet named '\(Self.sheetName)' (sheets: \(names.isEmpty ? "none" : names)): not an MSD Workbench workbook")
        }
        // Places as Excel shows them: sheet and cell.
        var table = MSDWorkbenchTable(file: file) { file.location(sheet: sheet.name, row: $0, column: $1) }
        for row in try workbook.rows(of: sheet) {
            var fields = [String](repeating: "", count: row.cells.last?.column ?? 0)
            for cell in row.cells where cell.column <= fields.count { fields[cell.column - 1] = cell.text }
            try table.add(.init(line: row.number, fields: fields))
        }
        try table.emit(into: sink)
    }
}
