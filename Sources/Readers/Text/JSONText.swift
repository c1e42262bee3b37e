import Domain

/// Minimal JSON writing for the few places a reader must keep free-form text (unknown columns).
public enum JSONText {
    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)):\(string($0.1))" }.joined(separator: ",") + "}"
    }

    public static func string(_ s: String) -> String {
        // Most texts (every derived value's formula) need no escape: one pass over the bytes
        // instead of rebuilding the string scalar by scalar (3 % of the FlowJo ingest).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        let escaped = s.replacingScalars { (u: Unicode.Scalar) -> String? in
            switch u {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: u.value < 0x20 ? unicodeEscape(u) : nil
            }
        }
        return "\"" + escaped + "\""
    }

    /// `\u00XX`, for the control characters without a short escape, as JSON requires.
    private static func unicodeEscape(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
