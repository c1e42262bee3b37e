import Domain

/// Escaping for text placed in SVG or HTML, as element content or inside a quoted attribute.
public enum XMLText {
    /// Replaces the five characters that XML and HTML give meaning to, scalar by scalar (see
    /// `replacingScalars`: a quote followed by a combining mark must not slip through).
    public static func escape(_ s: String) -> String {
        s.replacingScalars { u in
            switch u {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
    }
}
