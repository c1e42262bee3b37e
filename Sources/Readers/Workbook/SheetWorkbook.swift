import Domain

/// A workbook as readers of spreadsheet exports see it, whichever Excel format it came in:
/// sheet names in tab order, and each sheet's rows of cells as text. `.xlsx` (`XlsxWorkbook`)
/// and `.xls` (`XlsWorkbook`) both provide it, so one interpretation serves both.
public protocol SheetWorkbook {
    var file: SourceFile { get }
    /// Names of the worksheets, in tab order.
    var sheetNames: [String] { get }
    /// The non-empty rows of the sheet at `index` in `sheetNames`, in row order.
    func rows(ofSheetAt index: Int) throws -> [SheetRow]
}

extension SourceFile {
    /// A place in a workbook: the sheet, and optionally a row (`line`) and column.
    public func location(sheet: String, row: Int = 0, column: Int = 0) -> SourceLocation {
        SourceLocation(file: displayName, line: row, column: column, sheet: sheet)
    }
}

extension XlsxWorkbook: SheetWorkbook {
    public var sheetNames: [String] { sheets.map(\.name) }
    public func rows(ofSheetAt index: Int) throws -> [SheetRow] { try rows(of: sheets[index]) }
}
