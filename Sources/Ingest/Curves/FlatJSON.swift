import Readers

/// Reads and extends the flat JSON objects of strings readers keep in `Measurement.extra`
/// (`{"well":"A1","region":"25"}`), keeping the keys in their order.
enum FlatJSON {
    /// The pairs of a flat object of strings; nil when the text is not one (numbers and nested
    /// values are not produced by our readers; they make the parse fail rather than be guessed).
    static func pairs(_ text: String) -> [(String, String)]? {
        let s = Array(text.unicodeScalars)
        var i = 0
        func skipSpace() { while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\t" || s[i] == "\r" { i += 1 } }
        func string() -> String? {
            guard i < s.count, s[i] == "\"" else { return nil }
            i += 1
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                if c == "\"" {
                    i += 1
                    return String(out)
                }
                if c == "\\" {
                    i += 1
                    guard i < s.count else { return nil }
                    switch s[i] {
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "/": out.append("/")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "b": out.append("\u{8}")
                    case "f": out.append("\u{c}")
                    case "u":
                        guard i + 4 < s.count,
                            let v = UInt32(String(String.UnicodeScalarView(s[(i + 1)...(i + 4)])), radix: 16),
                            let u = Unicode.Scalar(v)
                        else { return nil }
                        out.append(u)
                        i += 4
                    default: return nil
                    }
                    i += 1
                    continue
                }
                out.append(c)
                i += 1
            }
            return nil
        }
        skipSpace()
        if i == s.count { return [] } // empty text: no extra columns
        guard s[i] == "{" else { return nil }
        i += 1
        var out: [(String, String)] = []
        skipSpace()
        if i < s.count, s[i] == "}" { return [] }
        while true {
            skipSpace()
            guard let k = string() else { return nil }
            skipSpace()
            guard i < s.count, s[i] == ":" else { return nil }
            i += 1
            skipSpace()
            guard let v = string() else { return nil }
            out.append((k, v))
            skipSpace()
            guard i < s.count else { return nil }
            if s[i] == "," {
                i += 1
                continue
            }
            if s[i] == "}" { return out }
            return nil
        }
    }

    static func value(_ key: String, in text: String) -> String? {
        pairs(text)?.first(where: { $0.0 == key })?.1
    }

    /// `text` with `added` appended (replacing keys it already has).
    static func merging(_ text: String, _ added: [(String, String)]) -> String {
        var base = pairs(text) ?? (text.isEmpty ? [] : [("extra_unparsed", text)])
        for (k, v) in added {
            if let i = base.firstIndex(where: { $0.0 == k }) { base[i].1 = v } else { base.append((k, v)) }
        }
        return JSONText.object(base)
    }
}
