/// Escaping for text placed in SVG or HTML, as element content or inside a quoted attribute.
public enum XMLText {
    /// Replaces the five characters that XML and HTML give meaning to. Walks Unicode scalars, not
    /// Characters: a quote or `<` followed by a combining mark is one Character (`"\u{301}`) that
    /// compares unequal to `"`, and would otherwise pass through unescaped and end an attribute.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
