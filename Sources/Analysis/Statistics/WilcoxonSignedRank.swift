import Numerical

/// The Wilcoxon signed-rank test of paired differences (e.g. change from baseline) against 0,
/// two-sided, matching `scipy.stats.wilcoxon(d, zero_method='wilcox', correction=False)`:
///
/// - zero differences are dropped (Wilcoxon's method); absolute differences are ranked with
///   average ranks for ties;
/// - the statistic is min(R⁺, R⁻), as scipy reports for the two-sided test;
/// - **exact** p (scipy `method='exact'`) when at most `exactLimit` (25) non-zero differences
///   remain and there are neither ties nor zeros: p = 2·min(P(T ≤ R⁺), P(T ≥ R⁺)) under the
///   distribution of the sum of a random subset of 1…n, capped at 1;
/// - otherwise the **normal approximation** (scipy `method='asymptotic'`) with the tie
///   correction: z = (R⁺ − n(n+1)/4) / √((n(n+1)(2n+1) − Σ(t³−t)/2)/24), p = 2·Φ(−|z|).
///
/// (scipy's own `method='auto'` differs: exact up to n = 50 and a permutation test for n ≤ 13
/// with ties or zeros. The limit here follows the study SAP convention of exact up to 25.)
public enum WilcoxonSignedRank {
    public static let exactLimit = 25

    public static func test(_ differences: [Double], exactLimit: Int = exactLimit) throws -> TestResult {
        if differences.contains(where: \.isNaN) {
            throw StatisticsError("Wilcoxon signed-rank: differences contain missing values")
        }
        let zeros = differences.filter { $0 == 0 }.count
        let d = differences.filter { $0 != 0 }
        let n = d.count
        if n == 0 {
            throw StatisticsError("Wilcoxon signed-rank: no non-zero difference")
        }
        let (ranks, groups) = Ranking.averageRanks(d.map { abs($0) })
        var rPlus = 0.0, rMinus = 0.0
        for (i, v) in d.enumerated() { if v > 0 { rPlus += ranks[i] } else { rMinus += ranks[i] } }
        let statistic = Swift.min(rPlus, rMinus)
        let ties = groups.contains { $0 > 1 }
        if n <= exactLimit && !ties && zeros == 0 {
            let k = Int(rPlus.rounded())
            let counts = subsetSumCounts(n)
            let total = counts.reduce(0, +)
            let cdf = counts[0...k].reduce(0, +) / total
            let sf = counts[k...].reduce(0, +) / total
            return TestResult(statistic: statistic, pValue: Swift.min(1, 2 * Swift.min(cdf, sf)), method: .exact, n: n)
        }
        let nn = Double(n)
        let mean = nn * (nn + 1) / 4
        let variance = (nn * (nn + 1) * (2 * nn + 1) - Ranking.tieTerm(groups) / 2) / 24
        let z = (rPlus - mean) / variance.squareRoot()
        let p = variance > 0 ? Swift.min(1, 2 * SpecialFunctions.normalSF(abs(z))) : 1
        return TestResult(statistic: statistic, pValue: p, method: .asymptotic, n: n)
    }

    /// counts[s] = number of subsets of {1…n} whose sum is s (the null distribution of R⁺ times 2ⁿ).
    static func subsetSumCounts(_ n: Int) -> [Double] {
        let maxSum = n * (n + 1) / 2
        var counts = [Double](repeating: 0, count: maxSum + 1)
        counts[0] = 1
        var reach = 0
        for r in 1...n {
            reach += r
            for s in stride(from: reach, through: r, by: -1) { counts[s] += counts[s - r] }
        }
        return counts
    }
}
