/// Bio-Plex Manager prints its standard curve as text:
/// `FI = d + (a - d) / ((1 + (Conc / c)^b))^g` (5PL) or `FI = d + (a - d) / (1 + (Conc / c)^b)`
/// (4PL), with the numbers in place of the letters. This reads the numbers back.
enum BioPlexEquation {
    struct Parameters: Equatable {
        var a, b, c, d, g: Double
    }

    static func parse(_ text: String) -> Parameters? {
        guard let eq = text.range(of: "FI =") else { return nil }
        let numbers = tokens(String(text[eq.upperBound...]))
        // d, a, d, 1, c, b [, g]
        guard numbers.count == 6 || numbers.count == 7, numbers[0] == numbers[2], numbers[3] == 1 else { return nil }
        return Parameters(
            a: numbers[1], b: numbers[5], c: numbers[4], d: numbers[0],
            g: numbers.count == 7 ? numbers[6] : 1)
    }

    /// The numbers of an expression in order. A `-` directly before a digit is a sign; the
    /// binary minus Bio-Plex writes always has spaces around it.
    static func tokens(_ s: String) -> [Double] {
        let chars = Array(s)
        var out: [Double] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let startsNumber =
                c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber)
                || (c == "-" && i + 1 < chars.count && (chars[i + 1].isNumber || chars[i + 1] == "."))
            guard startsNumber else {
                i += 1
                continue
            }
            var j = i + 1
            while j < chars.count {
                let d = chars[j]
                if d.isNumber || d == "." {
                    j += 1
                    continue
                }
                if d == "E" || d == "e", j + 1 < chars.count,
                    chars[j + 1].isNumber || ((chars[j + 1] == "+" || chars[j + 1] == "-") && j + 2 < chars.count && chars[j + 2].isNumber)
                {
                    j += 2
                    continue
                }
                break
            }
            if let v = NumberParsing.decimal(String(chars[i..<j])) { out.append(v) }
            i = j
        }
        return out
    }
}
