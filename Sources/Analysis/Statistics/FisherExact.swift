import Foundation
import Numerical

/// Fisher's exact test of a 2×2 table, two-sided, as `scipy.stats.fisher_exact(table)`:
///
///         | success | failure
///   row 1 |    a    |    b
///   row 2 |    c    |    d
///
/// The p-value sums the hypergeometric probabilities (margins fixed) of every table no more
/// likely than the observed one; "no more likely" allows a relative tolerance of 1e-7 so that
/// tables of equal probability are not split by rounding (R's `fisher.test` uses the same).
/// The odds ratio is the sample odds ratio ad/bc (scipy's `statistic`): ∞ when bc = 0, NaN
/// (with p = 1) when a row or column is empty.
public enum FisherExact {
    public static func test(a: Int, b: Int, c: Int, d: Int) throws -> (oddsRatio: Double, pValue: Double) {
        guard a >= 0, b >= 0, c >= 0, d >= 0 else {
            throw StatisticsError("Fisher's exact test: counts must be non-negative (got \(a), \(b), \(c), \(d))")
        }
        let row1 = a + b, row2 = c + d, col1 = a + c, col2 = b + d
        if row1 == 0 || row2 == 0 || col1 == 0 || col2 == 0 { return (.nan, 1) }
        let oddsRatio = (b > 0 && c > 0) ? Double(a) * Double(d) / (Double(b) * Double(c)) : .infinity
        let n = row1 + row2
        // P(X = x) for X the count in cell a, hypergeometric with the margins fixed.
        func logP(_ x: Int) -> Double {
            SpecialFunctions.logChoose(row1, x) + SpecialFunctions.logChoose(row2, col1 - x)
                - SpecialFunctions.logChoose(n, col1)
        }
        let lo = Swift.max(0, col1 - row2), hi = Swift.min(row1, col1)
        let observed = logP(a)
        let threshold = observed + log1p(1e-7)
        var p = 0.0
        for x in lo...hi {
            let l = logP(x)
            if l <= threshold { p += exp(l) }
        }
        return (oddsRatio, Swift.min(1, p))
    }
}
