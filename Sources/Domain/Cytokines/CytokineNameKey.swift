import Foundation

/// The species a bead-analyte name declares with a prefix (`hIFN-γ`, `mIL-6`, `Human IL-6`).
public enum AnalyteSpecies: String, Sendable, Hashable, Codable {
    case human, mouse, rat
}

/// Reduces an analyte name as written to a comparison key, and splits off the decorations
/// instruments add. Each step removes one way of writing the same thing:
///
/// 1. Unicode compatibility form (NFKC): the micro sign and full-width letters become ordinary.
/// 2. A trailing bead region in parentheses, `IL-6 (25)` → `IL-6`.
/// 3. (For the species-stripped variant only) a species prefix: a lower-case `h`, `hu`, `m`,
///    `mu` or `r` directly followed by an upper-case letter (`hIFN`, `mIL`), or a word such as
///    `Human ` / `Mouse `. `MCP-1` and `MIG` are not prefixed: their `M` is upper-case.
/// 4. Lower case; Greek letters spelled out (`γ` → `gamma`; the German `ß`, often typed for `β`,
///    too), then spelled names shortened to their letter (`gamma` → `g`), so `IFN-γ`, `IFN-gamma`
///    and `IFNg` all give `ifng`.
/// 5. Separators removed: spaces, hyphens and dashes, underscores, dots, slashes, apostrophes,
///    parentheses (`IL12(p70)` = `IL-12 p70`).
public enum CytokineNameKey {
    /// The comparison key of a name (steps 1, 2, 4, 5).
    public static func key(_ name: String) -> String {
        normalisedKey(stripBeadRegion(name.precomposedStringWithCompatibilityMapping))
    }

    /// The name without a species prefix, and the species, when it has one (steps 1–3).
    public static func strippingSpecies(_ name: String) -> (name: String, species: AnalyteSpecies)? {
        let text = stripBeadRegion(name.precomposedStringWithCompatibilityMapping)
        let words: [(String, AnalyteSpecies)] = [
            ("human", .human), ("hu", .human), ("mouse", .mouse), ("murine", .mouse), ("mu", .mouse),
            ("rat", .rat),
        ]
        let lower = text.lowercased()
        for (word, species) in words where lower.hasPrefix(word) {
            let rest = text.dropFirst(word.count)
            if let sep = rest.first, sep == " " || sep == "-" || sep == "_" {
                let stripped = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
                if !stripped.isEmpty { return (stripped, species) }
            }
        }
        let compact: [(String, AnalyteSpecies)] = [
            ("hu", .human), ("mu", .mouse), ("h", .human),
            ("m", .mouse), ("r", .rat),
        ]
        for (prefix, species) in compact where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            if let next = rest.first, next.isUppercase {
                return (String(rest), species)
            }
        }
        return nil
    }

    /// Removes a trailing `(27)` bead region (digits only, so `IL-2 (R)` is left alone).
    static func stripBeadRegion(_ text: String) -> String {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        guard s.last == ")", let open = s.lastIndex(of: "(") else { return String(s) }
        let inside = s[s.index(after: open)..<s.index(before: s.endIndex)]
            .trimmingCharacters(in: .whitespaces)
        guard !inside.isEmpty, inside.allSatisfy(\.isASCIIDigit) else { return String(s) }
        s = s[..<open]
        return s.trimmingCharacters(in: .whitespaces)
    }

    private static let greek: [(Character, String)] = [
        ("α", "alpha"), ("β", "beta"), ("ß", "beta"), ("γ", "gamma"), ("δ", "delta"),
        ("ε", "epsilon"), ("κ", "kappa"), ("λ", "lambda"), ("ω", "omega"),
    ]
    /// Longest first so `beta` is not eaten by something shorter.
    private static let spelled: [(String, String)] = [
        ("epsilon", "e"), ("lambda", "l"), ("alpha", "a"), ("gamma", "g"), ("delta", "d"),
        ("kappa", "k"), ("omega", "o"), ("beta", "b"),
    ]
    private static let separators: Set<Character> = [
        " ", "\t", "-", "‐", "‑", "‒", "–", "—", "_", ".", "/", "'", "’", "·", ",", ":", "(", ")",
    ]

    static func normalisedKey(_ text: String) -> String {
        var s = ""
        s.reserveCapacity(text.count + 8)
        for c in text.lowercased() {
            if separators.contains(c) { continue }
            if let g = greek.first(where: { $0.0 == c }) {
                s += g.1
                continue
            }
            s.append(c)
        }
        for (word, letter) in spelled where s.contains(word) {
            s = s.replacingOccurrences(of: word, with: letter)
        }
        return s
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
