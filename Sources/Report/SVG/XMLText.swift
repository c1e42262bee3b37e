/// Escaping for text placed in SVG or HTML, as element content or inside a quoted attribute.
public enum XMLText {
    /// Replaces the five characters that XML and HTML give meaning to.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
