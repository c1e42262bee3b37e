import Domain

/// One cell of a worksheet, as stored: the text of its value and what kind of value it is. The
/// same for `.xlsx` and `.xls`, so what reads a sheet does not care which format it came from.
public struct SheetCell: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A number as the file stores it (`0.38579999999999998`, `5.786E-2`).
        case number
        /// Shared, inline or formula-result text.
        case string
        case boolean
        /// An error value such as `#DIV/0!`.
        case error
    }

    /// 1-based column number (A = 1).
    public var column: Int
    public var text: String
    public var kind: Kind

    /// A number as text: integers without a decimal point (`93`, not `93.0`), others in the
    /// shortest text that reads back to the same double.
    public static func numberText(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}

/// One worksheet row: its 1-based spreadsheet row number and its non-empty cells in column order.
public struct SheetRow: Sendable, Hashable {
    public var number: Int
    public var cells: [SheetCell]

    public init(number: Int, cells: [SheetCell]) {
        self.number = number
        self.cells = cells
    }

    /// The text of the cell in `column` (1-based), "" when the cell is absent.
    public func text(_ column: Int) -> String {
        cells.first { $0.column == column }?.text ?? ""
    }

    /// The row with every number cell written the same way whichever program wrote the file:
    /// integers without a decimal point (`93`), others in the shortest text that reads back to
    /// the same double (`70.71`, where openpyxl writes `70.70999999999999` and old Excel
    /// `70.709999999999994`). `.xls` cells come this way; `.xlsx` text is as its writer chose.
    public var canonicalNumbers: SheetRow {
        var row = self
        for i in row.cells.indices where row.cells[i].kind == .number {
            if let d = NumberParsing.decimal(row.cells[i].text) { row.cells[i].text = SheetCell.numberText(d) }
        }
        return row
    }

    /// True when no cell has visible text.
    public var isBlank: Bool { cells.allSatisfy { $0.text.trimmingSpaces.isEmpty } }
}

/// Spreadsheet cell references: `AB12` is row 12, column 28.
public enum CellReference {
    public static func parse(_ ref: String) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var sawDigit = false
        for u in ref.unicodeScalars {
            switch u.value {
            case 65...90 where !sawDigit: column = column * 26 + Int(u.value - 64)
            case 97...122 where !sawDigit: column = column * 26 + Int(u.value - 96)
            case 48...57:
                sawDigit = true
                row = row * 10 + Int(u.value - 48)
            case 36: continue // `$A$1`
            default: return nil
            }
            if column > 16384 || row > 1_048_576 { return nil }
        }
        guard column > 0, row > 0 else { return nil }
        return (row, column)
    }

    /// `28` → `AB`.
    public static func columnName(_ column: Int) -> String { SourceLocation.columnName(column) }
}

/// The names these types had when only `.xlsx` was read.
public typealias XlsxCell = SheetCell
public typealias XlsxRow = SheetRow
public typealias XlsxCellReference = CellReference
