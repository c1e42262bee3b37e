/// A well on a plate, as the instruments name it.
public struct WellPosition: Sendable, Hashable {
    /// Normalised name: row letter(s) and column number without padding (`A1`, `H12`, `AF48`).
    public var name: String
    public var row: Int
    public var column: Int

    /// Parses `A1`, `a01`, `H12`. Nil for anything else.
    public init?(_ text: String) {
        let t = text.trimmingSpaces.uppercased()
        let letters = t.prefix(while: { $0 >= "A" && $0 <= "Z" })
        let digits = t.dropFirst(letters.count)
        guard !letters.isEmpty, letters.count <= 2, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let col = Int(digits), col >= 1
        else { return nil }
        var r = 0
        for c in letters.unicodeScalars { r = r * 26 + Int(c.value - 64) }
        row = r
        column = col
        name = "\(letters)\(col)"
    }

    /// From 1-based row and column numbers (Bio-Plex XML `RowNo`/`ColNo`).
    public init?(row: Int, column: Int) {
        guard row >= 1, row <= 26 * 27, column >= 1 else { return nil }
        var letters = ""
        var r = row
        while r > 0 {
            let k = (r - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + k))) + letters
            r = (r - 1) / 26
        }
        self.row = row
        self.column = column
        name = "\(letters)\(column)"
    }
}

/// An xPONENT `Location` cell: `1(1,A1)` is the first well acquired, on plate 1, well A1.
/// The Warnings/Errors section writes the short form `1,A1` (plate, well).
public struct XPonentLocation: Sendable, Hashable {
    public var acquisitionOrder: Int?
    public var plate: Int
    public var well: WellPosition

    public init?(_ text: String) {
        let t = text.trimmingSpaces
        var inner = Substring(t)
        var order: Int?
        if let open = t.firstIndex(of: "("), t.last == ")" {
            guard let n = Int(String(t[..<open]).trimmingSpaces) else { return nil }
            order = n
            inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
        }
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let plate = Int(String(parts[0]).trimmingSpaces),
            let well = WellPosition(String(parts[1]))
        else { return nil }
        acquisitionOrder = order
        self.plate = plate
        self.well = well
    }
}

extension XPonentLocation {
    /// An unquoted `1(1,A1)` in a comma-separated row is split into `1(1` and `A1)`. Returns the
    /// fields with the two rejoined, or nil when the row does not start that way.
    static func rejoinUnquoted(_ fields: [String]) -> [String]? {
        guard fields.count >= 2 else { return nil }
        let a = fields[0].trimmingSpaces, b = fields[1].trimmingSpaces
        guard let open = a.firstIndex(of: "("), !a.contains(")"), b.last == ")", !b.contains("("),
            a[..<open].allSatisfy({ $0.isASCII && $0.isNumber }),
            a[a.index(after: open)...].allSatisfy({ $0.isASCII && $0.isNumber }),
            XPonentLocation(a + "," + b) != nil
        else { return nil }
        return [a + "," + b] + fields.dropFirst(2)
    }
}
