import Foundation

/// Tick labels with as many decimals as the tick step needs (step 0.25 → two, step 5 → none),
/// a true minus sign, and no "-0".
public enum TickFormatter {
    public static func label(_ value: Double, step: Double) -> String {
        let decimals = decimalsNeeded(step)
        let clean = abs(value) < 1e-12 ? 0 : value
        if abs(clean) >= 1e6 || (clean != 0 && abs(clean) < 1e-4) {
            return String(format: "%.0e", clean).replacingOccurrences(of: "-", with: "\u{2212}")
        }
        var s = String(format: "%.\(decimals)f", clean)
        if s.hasPrefix("-") { s = "\u{2212}" + s.dropFirst() }
        return s
    }

    /// The fewest decimals that write every multiple of `step` exactly (2.5 → 1, 0.25 → 2, 5 → 0).
    public static func decimalsNeeded(_ step: Double) -> Int {
        guard step > 0, step.isFinite else { return 2 }
        for d in 0...6 {
            let scaled = step * pow(10, Double(d))
            if abs(scaled - scaled.rounded()) < 1e-6 * Swift.max(1, scaled) { return d }
        }
        return 6
    }

    /// A log-axis label: the value itself with the decimals it needs (0.1, 0.5, 1, 20, 1000).
    public static func logLabel(_ value: Double) -> String {
        guard value > 0 else { return label(value, step: 1) }
        return label(value, step: pow(10, log10(value).rounded(.down)))
    }
}
