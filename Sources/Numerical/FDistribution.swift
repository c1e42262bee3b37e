import Foundation

/// The F distribution's CDF and quantile, for the extra-sum-of-squares test that decides between
/// the 4PL and the 5PL: P(F ≤ f) = I_{d1·f/(d1·f + d2)}(d1/2, d2/2), with the one regularized
/// incomplete beta function of `SpecialFunctions`.
public enum FDistribution {
    public static func cdf(_ f: Double, d1: Double, d2: Double) -> Double {
        guard f > 0 else { return 0 }
        return SpecialFunctions.regularizedIncompleteBeta(d1 * f / (d1 * f + d2), a: d1 / 2, b: d2 / 2)
    }

    /// The value f with P(F ≤ f) = p, by bisection (the CDF is monotone).
    public static func quantile(_ p: Double, d1: Double, d2: Double) -> Double {
        var lo = 0.0, hi = 1.0
        while cdf(hi, d1: d1, d2: d2) < p {
            hi *= 2
            if hi > 1e12 { return .infinity }
        }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid, d1: d1, d2: d2) < p { lo = mid } else { hi = mid }
            if hi - lo < 1e-12 * hi { break }
        }
        return (lo + hi) / 2
    }
}
