import Foundation

/// The value of one cell as the workbook stores it. Formulas appear as their cached result.
public enum LegacyCellValue: Sendable, Hashable {
    case number(Double)
    case text(String)
    case boolean(Bool)
    /// An error value such as `#DIV/0!`.
    case error(String)
}

/// One non-empty cell. Row and column are 1-based, as a spreadsheet shows them (A1 = 1, 1).
public struct LegacyCell: Sendable, Hashable {
    public var row: Int
    public var column: Int
    public var value: LegacyCellValue
}

/// One sheet: its name and its value cells in row, then column order.
public struct LegacySheet: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case worksheet, chart, macro, other }
    public var name: String
    public var kind: Kind
    public var cells: [LegacyCell]
}

/// A legacy Excel workbook (`.xls`, Excel 5.0 to 2003): an OLE2 compound file holding a BIFF
/// stream (`Workbook` for BIFF8, `Book` for BIFF5/7). Reads sheet names in tab order and the
/// value of every cell: shared and inline strings, numbers (NUMBER, RK, MULRK), booleans and
/// error values, and formulas' cached results. Styles, formats and formulas themselves are not
/// read, so dates stay serial numbers (see `uses1904Dates`).
///
/// Knows nothing of what the cells mean. Every offset and length in the file is checked; a
/// damaged or hostile file gives a `LegacyExcelError` naming the stream and offset.
public struct LegacyWorkbook: Sendable {
    public var sheets: [LegacySheet]
    /// True when serial dates count from 1904 (DATEMODE), as Mac Excel once wrote them.
    public var uses1904Dates: Bool
    /// The CODEPAGE record (1200 = UTF-16 for BIFF8).
    public var codePage: UInt16
    /// 8 for BIFF8 (Excel 97-2003), 5 for BIFF5/7 (Excel 5.0/95).
    public var biffVersion: Int
    /// Things read past rather than refused (a formula string result missing its STRING record…).
    public var problems: [LegacyExcelError]

    /// Files larger than this are refused before they are read.
    public static let maximumFileSize = 256 << 20

    public init(contentsOfFile path: String) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber
        else {
            throw LegacyExcelError("cannot read the file")
        }
        guard size.intValue <= Self.maximumFileSize else {
            throw LegacyExcelError("the file is \(size.intValue) bytes, more than the \(Self.maximumFileSize >> 20) MiB allowed")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw LegacyExcelError("cannot read the file") }
        try self.init(bytes: [UInt8](data))
    }

    public init(bytes: [UInt8]) throws {
        let compound = try CompoundFile(bytes: bytes)
        let (name, stream): (String, [UInt8])
        if let s = try compound.stream(named: "Workbook") {
            (name, stream) = ("Workbook", s)
        } else if let s = try compound.stream(named: "Book") {
            (name, stream) = ("Book", s)
        } else {
            let names = compound.rootStreamNames.map { "'\($0)'" }.joined(separator: ", ")
            throw LegacyExcelError(
                "the compound file has no Workbook or Book stream (streams: \(names.isEmpty ? "none" : names)): not an Excel workbook")
        }
        var parser = BIFFWorkbookParser(stream: stream, name: name)
        self = try parser.parse()
    }

    init(sheets: [LegacySheet], uses1904Dates: Bool, codePage: UInt16, biffVersion: Int, problems: [LegacyExcelError]) {
        self.sheets = sheets
        self.uses1904Dates = uses1904Dates
        self.codePage = codePage
        self.biffVersion = biffVersion
        self.problems = problems
    }

    /// True when the bytes begin with the OLE2 compound file signature.
    public static func hasSignature<C: Collection>(_ head: C) -> Bool where C.Element == UInt8 {
        head.starts(with: CompoundFileHeader.magic)
    }
}
