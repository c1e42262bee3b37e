import Domain

/// Minimal JSON writing for the few places a reader must keep free-form text (unknown columns).
public enum JSONText {
    public static func object(_ pairs: [(String, String)]) -> String {
        // Built in one string: every derived value carries one (its formula), and mapping,
        // interpolating and joining allocated four strings per pair.
        var out = "{"
        // Room for the pairs as they are (escapes may still grow it): growing a string from
        // empty reallocated it two or three times per formula.
        out.reserveCapacity(pairs.reduce(2) { $0 + $1.0.utf8.count + $1.1.utf8.count + 6 })
        for (i, pair) in pairs.enumerated() {
            if i > 0 { out += "," }
            appendString(pair.0, to: &out)
            out += ":"
            appendString(pair.1, to: &out)
        }
        out += "}"
        return out
    }

    public static func string(_ s: String) -> String {
        var out = ""
        appendString(s, to: &out)
        return out
    }

    /// Appends `s` as a JSON string literal.
    private static func appendString(_ s: String, to out: inout String) {
        out += "\""
        // Most texts (every derived value's formula) need no escape: one pass over the bytes
        // instead of rebuilding the string scalar by scalar (3 % of the FlowJo ingest).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
        } else {
            out += s.replacingScalars { (u: Unicode.Scalar) -> String? in
                switch u {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                default: u.value < 0x20 ? unicodeEscape(u) : nil
                }
            }
        }
        out += "\""
    }

    /// `\u00XX`, for the control characters without a short escape, as JSON requires.
    private static func unicodeEscape(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
