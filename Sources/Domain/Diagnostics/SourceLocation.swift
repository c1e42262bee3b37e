/// Where in an input file something was found. Lines and columns are 1-based, as an editor shows
/// them; column 0 means "the whole line", line 0 "the whole file".
///
/// In a workbook (`.xlsx`, `.xls`) `sheet` names the sheet, `line` is the spreadsheet row and
/// `column` the column number (A = 1), so the place reads as Excel shows it:
/// `plate.xlsx: 'IL-6 (25)'!C7`. `sheet` is absent from JSON for text files.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var sheet: String?

    public init(file: String, line: Int = 0, column: Int = 0, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
    }

    public var description: String {
        if sheet != nil { return "\(file): \(place)" }
        return line == 0 ? file : "\(file):\(place)"
    }

    /// The place without the file name: `'IL-6 (25)'!C7` in a workbook, `12:3` in a text file.
    public var place: String {
        if let sheet {
            let name = Self.quotedSheetName(sheet)
            switch (line, column) {
            case (0, _): return name
            case (_, 0): return "\(name)!\(line):\(line)" // a whole row, as Excel writes it
            default: return "\(name)!\(Self.columnName(column))\(line)"
            }
        }
        switch (line, column) {
        case (0, _): return ""
        case (_, 0): return "\(line)"
        default: return "\(line):\(column)"
        }
    }

    private enum CodingKeys: String, CodingKey { case file, line, column, sheet, cell }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decode(String.self, forKey: .file)
        line = try c.decode(Int.self, forKey: .line)
        column = try c.decode(Int.self, forKey: .column)
        sheet = try c.decodeIfPresent(String.self, forKey: .sheet)
    }

    /// JSON keeps line and column (row and column number in a workbook) and adds, for a
    /// workbook, `sheet` and the `cell` as Excel names it (`F15`); text files have neither.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encodeIfPresent(sheet, forKey: .sheet)
        try c.encodeIfPresent(cellReference, forKey: .cell)
    }

    /// The cell reference within its sheet (`C7`), nil outside workbooks or without a cell.
    public var cellReference: String? {
        guard sheet != nil, line > 0, column > 0 else { return nil }
        return "\(Self.columnName(column))\(line)"
    }

    /// `28` → `AB`.
    public static func columnName(_ column: Int) -> String {
        var n = column
        var s = ""
        while n > 0 {
            let k = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + k))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// Excel's own way of writing a sheet name in a reference: quoted (with `'` doubled) unless
    /// it is letters, digits and underscores only.
    static func quotedSheetName(_ name: String) -> String {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
            }
        return plain ? name : "'" + name.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}
