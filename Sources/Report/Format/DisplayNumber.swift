import Foundation

/// Numbers as a reader of the page sees them: a few significant digits, a true minus sign,
/// p-values the way journals print them. The CSV files keep full precision.
public enum DisplayNumber {
    /// `x` to `digits` significant digits (no exponent between 0.001 and 10⁶); "–" when missing.
    public static func format(_ x: Double?, digits: Int = 3, signed: Bool = false) -> String {
        guard let x, x.isFinite else {
            if let x, x.isInfinite { return x > 0 ? "∞" : "−∞" }
            return "–"
        }
        if x == 0 { return "0" }
        // Whole numbers (counts, rank statistics) without a decimal tail: 25, not 25.0.
        if x == x.rounded(), abs(x) < 1e6, abs(x) >= 1 {
            return ((signed && x > 0) ? "+" : "") + String(Int(x)).replacingOccurrences(of: "-", with: "\u{2212}")
        }
        let magnitude = Int(log10(abs(x)).rounded(.down))
        var s: String
        if magnitude >= 6 || magnitude < -3 {
            s = String(format: "%.\(max(0, digits - 1))e", x)
        } else {
            let decimals = max(0, digits - 1 - magnitude)
            s = String(format: "%.\(decimals)f", x)
        }
        if signed && x > 0 { s = "+" + s }
        return s.replacingOccurrences(of: "-", with: "\u{2212}")
    }

    /// p or q: "<0.001" below a thousandth, three decimals below 0.1 (0.034), else two (0.21).
    public static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "–" }
        if p < 0.001 { return "<0.001" }
        return String(format: p < 0.1 ? "%.3f" : "%.2f", p)
    }

    /// A proportion as a percentage with no decimals (62 %).
    public static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? String(format: "%.0f%%", fraction * 100) : "–"
    }
}
