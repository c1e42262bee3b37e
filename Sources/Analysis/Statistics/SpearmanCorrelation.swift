import Foundation
import Numerical

/// Spearman's rank correlation with its two-sided p-value, matching `scipy.stats.spearmanr(x, y)`:
/// ρ is Pearson's correlation of the average ranks; p comes from t = ρ·√((n − 2)/(1 − ρ²)) on
/// n − 2 degrees of freedom (p = 0 when |ρ| = 1).
public enum SpearmanCorrelation {
    public static func test(_ x: [Double], _ y: [Double]) throws -> (rho: Double, result: TestResult) {
        guard x.count == y.count else {
            throw StatisticsError("Spearman: x has \(x.count) values but y has \(y.count)")
        }
        if x.contains(where: \.isNaN) || y.contains(where: \.isNaN) {
            throw StatisticsError("Spearman: values contain missing values")
        }
        let n = x.count
        if n < 3 { throw StatisticsError("Spearman: needs at least 3 pairs (got \(n))") }
        let rx = Ranking.averageRanks(x).ranks, ry = Ranking.averageRanks(y).ranks
        let rho = pearson(rx, ry)
        if rho.isNaN {
            throw StatisticsError("Spearman: one variable is constant")
        }
        let df = Double(n - 2)
        let p: Double
        if abs(rho) >= 1 {
            p = 0
        } else {
            let t = rho * (df / ((1 - rho) * (1 + rho))).squareRoot()
            p = SpecialFunctions.studentTTwoSided(t, df: df)
        }
        return (rho, TestResult(statistic: rho, pValue: p, method: .asymptotic, n: n))
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            let da = a[i] - ma, db = b[i] - mb
            sab += da * db
            saa += da * da
            sbb += db * db
        }
        if saa == 0 || sbb == 0 { return .nan }
        return Swift.max(-1, Swift.min(1, sab / (saa * sbb).squareRoot()))
    }
}
