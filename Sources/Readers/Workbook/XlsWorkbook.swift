import Domain
import LegacyExcel

/// A legacy Excel `.xls` workbook read by `LegacyExcel`, its cells turned into the text an
/// `.xlsx` of the same sheet would hold, so both formats read identically.
public struct XlsWorkbook: SheetWorkbook {
    public let file: SourceFile
    private let workbook: LegacyWorkbook
    private let worksheets: [LegacySheet]

    public init(_ file: SourceFile) throws {
        self.file = file
        do {
            workbook = try LegacyWorkbook(contentsOfFile: file.path)
        } catch let e as LegacyExcelError {
            throw FileRejected(file.location(), code: "invalid-xls", "not a readable legacy Excel (.xls) workbook: \(e)")
        }
        worksheets = workbook.sheets.filter { $0.kind == .worksheet }
    }

    /// What was read past in the file (a formula's text result without its STRING record…).
    public var problems: [String] { workbook.problems.map(\.description) }

    public var sheetNames: [String] { worksheets.map(\.name) }

    public func rows(ofSheetAt index: Int) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        for cell in worksheets[index].cells {
            let c = Self.sheetCell(cell)
            if let last = rows.last, last.number == cell.row {
                rows[rows.count - 1].cells.append(c)
            } else {
                rows.append(SheetRow(number: cell.row, cells: [c]))
            }
        }
        return rows
    }

    static func sheetCell(_ cell: LegacyCell) -> SheetCell {
        switch cell.value {
        case .number(let d): return SheetCell(column: cell.column, text: SheetCell.numberText(d), kind: .number)
        case .text(let s): return SheetCell(column: cell.column, text: s, kind: .string)
        case .boolean(let b): return SheetCell(column: cell.column, text: b ? "TRUE" : "FALSE", kind: .boolean)
        case .error(let e): return SheetCell(column: cell.column, text: e, kind: .error)
        }
    }
}
