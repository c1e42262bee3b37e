import Domain

/// A result cell as instruments write it: a number, or a number with a qualifier, or a token that
/// says there is no number. `< 0.105` and `OOR <` are below the range, never zero.
public struct QualifiedValue: Sendable, Hashable {
    /// The number. For `< x` / `> x` it is the limit x; NaN where there is none.
    public var value: Double
    public var qualifier: Qualifier
    /// The cell's text when it is not a plain number, so the original is never lost.
    public var raw: String

    /// Parses a cell. Returns nil for text that is neither a number nor a known token, so the
    /// caller can reject it with its location rather than guess.
    public static func parse(_ text: String, decimalComma: Bool = false) -> QualifiedValue? {
        let t = text.trimmingSpaces
        if let d = NumberParsing.double(t, decimalComma: decimalComma) {
            // Keep the raw text only when it is not the plain number (e.g. "12.5%").
            let raw = t.utf8.contains(UInt8(ascii: "%")) ? t : ""
            return QualifiedValue(value: d, qualifier: .inRange, raw: raw)
        }
        let upper = t.uppercased()
        switch upper {
        case "", "NAN", "N/A", "NA", "***", "NOT REPORTED", "NONE", "-", "—", "ND", "N.D.":
            return QualifiedValue(value: .nan, qualifier: .notAvailable, raw: t)
        case "---":
            return QualifiedValue(value: .nan, qualifier: .outlier, raw: t)
        case "OOR <", "OOR<", "<LLOQ", "< LLOQ", "BELOW", "<OOR":
            return QualifiedValue(value: .nan, qualifier: .belowLLOQ, raw: t)
        case "OOR >", "OOR>", ">ULOQ", "> ULOQ", "ABOVE", ">OOR":
            return QualifiedValue(value: .nan, qualifier: .aboveULOQ, raw: t)
        default: break
        }
        if let f = t.first, f == "<" || f == ">" || f == "*" {
            var rest = Substring(t.dropFirst())
            if f == "<" || f == ">", rest.first == "=" { rest = rest.dropFirst() }
            guard let d = NumberParsing.double(String(rest), decimalComma: decimalComma) else { return nil }
            switch f {
            case "<": return QualifiedValue(value: d, qualifier: .belowLLOQ, raw: t)
            case ">": return QualifiedValue(value: d, qualifier: .aboveULOQ, raw: t)
            default: return QualifiedValue(value: d, qualifier: .extrapolated, raw: t)
            }
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    public var trimmingSpaces: String {
        guard let first = first, let last = last else { return self }
        if first != " " && last != " " && first != "\t" && last != "\t" { return self }
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
