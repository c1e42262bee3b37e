import Foundation

/// A base-10 logarithmic scale for positive values spanning orders of magnitude (cytokine
/// concentrations). The domain is widened to whole decades; ticks at 1, 2 and 5 × 10ᵏ when the
/// domain spans few decades, at powers of ten otherwise.
public struct LogScale: ContinuousScale {
    public let domain: (lower: Double, upper: Double)
    public let range: (from: Double, to: Double)

    /// `lower` must be positive: a log scale cannot show zero or negative values.
    public init(lower: Double, upper: Double, range: (from: Double, to: Double)) {
        precondition(lower > 0 && upper > 0, "a log scale needs positive values")
        let lo = pow(10, log10(Swift.min(lower, upper)).rounded(.down))
        var hi = pow(10, log10(Swift.max(lower, upper)).rounded(.up))
        if hi <= lo { hi = lo * 10 }
        domain = (lo, hi)
        self.range = range
    }

    public func position(_ value: Double) -> Double {
        let t = (log10(value) - log10(domain.lower)) / (log10(domain.upper) - log10(domain.lower))
        return range.from + t * (range.to - range.from)
    }

    public func ticks() -> [Double] {
        let first = Int(log10(domain.lower).rounded()), last = Int(log10(domain.upper).rounded())
        let multiples: [Double] = last - first <= 2 ? [1, 2, 5] : [1]
        var out: [Double] = []
        for k in first...last {
            for m in multiples {
                let v = m * pow(10, Double(k))
                if v <= domain.upper * (1 + 1e-9) { out.append(v) }
            }
        }
        return out
    }

    public func tickLabel(_ value: Double) -> String { TickFormatter.logLabel(value) }
}
