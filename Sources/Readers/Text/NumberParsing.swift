/// Numbers as lab software writes them: `4.43E+05`, `12.5%`, ` 3 `, and, in files that use `;`
/// as the delimiter, a decimal comma (`12,5`).
public enum NumberParsing {
    /// Parses a plain number. Returns nil for anything that is not entirely a number, so that a
    /// stray token can never become a value silently.
    public static func double(_ text: String, decimalComma: Bool = false) -> Double? {
        var s = Substring(text)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "%" { s.removeLast() }
        if s.isEmpty { return nil }
        if decimalComma, s.contains(",") {
            // 1.234,5 → 1234.5 ; 12,5 → 12.5
            var t = String(s.filter { $0 != "." })
            t = t.replacingOccurrences(of: ",", with: ".")
            return finite(Double(t))
        }
        if let d = Double(s) { return finite(d) }
        // Leading '+' is accepted by Double already; '.5' and '5.' are too.
        return nil
    }

    private static func finite(_ d: Double?) -> Double? {
        guard let d, d.isFinite else { return nil }
        return d
    }
}

private extension String {
    func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard target.count == 1, replacement.count == 1 else { return self }
        return replacingOccurrences(of: Character(target), with: Character(replacement))
    }
}
