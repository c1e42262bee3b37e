import Foundation

/// The distribution functions the tests need, written out so results do not depend on a
/// statistics library: the normal distribution through the complementary error function, and
/// Student's t through the regularized incomplete beta function (Numerical Recipes, 3rd ed.,
/// §6.4: Lentz's continued fraction).
public enum SpecialFunctions {
    /// P(Z ≤ z) for a standard normal Z, accurate in both tails (uses erfc, not 1 − erf).
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// P(Z ≥ z) for a standard normal Z.
    public static func normalSF(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }

    /// ln Γ(x) for x > 0.
    public static func logGamma(_ x: Double) -> Double {
        Foundation.lgamma(x)
    }

    /// ln C(n, k).
    public static func logChoose(_ n: Int, _ k: Int) -> Double {
        logGamma(Double(n + 1)) - logGamma(Double(k + 1)) - logGamma(Double(n - k + 1))
    }

    /// The regularized incomplete beta function I_x(a, b).
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "incomplete beta needs a, b > 0")
        if x.isNaN { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(lnFront)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a) on the other side.
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// Lentz's evaluation of the continued fraction for I_x(a, b).
    static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let eps = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < eps { break }
        }
        return h
    }

    /// P(T ≥ t) for Student's t with `df` degrees of freedom:
    /// for t ≥ 0 it is ½ · I_{df/(df+t²)}(df/2, ½).
    public static func studentTSF(_ t: Double, df: Double) -> Double {
        if t.isNaN || df.isNaN || df <= 0 { return .nan }
        if t.isInfinite { return t > 0 ? 0 : 1 }
        let tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
        return t >= 0 ? tail : 1 - tail
    }

    /// P(|T| ≥ |t|): the two-sided p-value of a t statistic.
    public static func studentTTwoSided(_ t: Double, df: Double) -> Double {
        if t.isNaN || df.isNaN || df <= 0 { return .nan }
        if t.isInfinite { return 0 }
        return min(1, regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5))
    }
}
