import Foundation

/// A linear scale whose domain is widened to "nice" tick values (1, 2, 2.5 or 5 × 10ᵏ; Heckbert,
/// Graphics Gems 1990), so the axis starts and ends on a labelled tick.
public struct LinearScale: ContinuousScale {
    public let domain: (lower: Double, upper: Double)
    public let range: (from: Double, to: Double)
    public let step: Double

    /// `lower`/`upper` are the data extremes; a zero-width interval is widened so that a single
    /// value sits in the middle of the axis.
    public init(lower: Double, upper: Double, range: (from: Double, to: Double), tickCount: Int = 5) {
        var lo = Swift.min(lower, upper), hi = Swift.max(lower, upper)
        if !lo.isFinite || !hi.isFinite {
            lo = 0
            hi = 1
        }
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let step = Self.niceStep((hi - lo) / Double(Swift.max(1, tickCount)))
        self.step = step
        domain = ((lo / step).rounded(.down) * step, (hi / step).rounded(.up) * step)
        self.range = range
    }

    /// The nice number nearest above `raw`: 1, 2, 2.5, 5 or 10 times a power of ten.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    public func position(_ value: Double) -> Double {
        let t = (value - domain.lower) / (domain.upper - domain.lower)
        return range.from + t * (range.to - range.from)
    }

    public func ticks() -> [Double] {
        let count = Int(((domain.upper - domain.lower) / step).rounded())
        // Computed from the index, not by repeated addition, so ticks do not drift (0.30000000000000004).
        return (0...count).map { i in
            let v = domain.lower + Double(i) * step
            return abs(v) < step * 1e-9 ? 0 : v
        }
    }

    public func tickLabel(_ value: Double) -> String { TickFormatter.label(value, step: step) }
}
