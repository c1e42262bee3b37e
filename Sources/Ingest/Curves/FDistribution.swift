import Foundation

/// The F distribution's CDF and quantile, for the extra-sum-of-squares test that decides between
/// the 4PL and the 5PL. Uses the regularised incomplete beta function (continued fraction, as in
/// Numerical Recipes §6.4): P(F ≤ f) = I_{d1·f/(d1·f + d2)}(d1/2, d2/2).
enum FDistribution {
    static func cdf(_ f: Double, d1: Double, d2: Double) -> Double {
        guard f > 0 else { return 0 }
        return regularizedIncompleteBeta(x: d1 * f / (d1 * f + d2), a: d1 / 2, b: d2 / 2)
    }

    /// The value f with P(F ≤ f) = p, by bisection (the CDF is monotone).
    static func quantile(_ p: Double, d1: Double, d2: Double) -> Double {
        var lo = 0.0, hi = 1.0
        while cdf(hi, d1: d1, d2: d2) < p { hi *= 2; if hi > 1e12 { return .infinity } }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid, d1: d1, d2: d2) < p { lo = mid } else { hi = mid }
            if hi - lo < 1e-12 * hi { break }
        }
        return (lo + hi) / 2
    }

    static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(lnFront)
        // The continued fraction converges fast for x < (a+1)/(a+b+2); use symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
