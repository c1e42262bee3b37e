import Numerical

/// The Mann-Whitney U test of two independent samples, two-sided, matching
/// `scipy.stats.mannwhitneyu(x, y)` with its defaults (`use_continuity=True`, `method='auto'`):
///
/// - U₁ = R₁ − n₁(n₁+1)/2 from average ranks of the pooled sample; the statistic reported is U₁
///   (as scipy), the p-value uses U = max(U₁, U₂);
/// - **exact** when there are no ties and one sample has at most 8 observations (scipy's
///   `_mwu_choose_method`): p = 2·P(U' ≥ U) under the exact null distribution, capped at 1;
/// - otherwise **asymptotic**: z = (U − n₁n₂/2 − ½) / √(n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1)))),
///   p = 2·Φ(−z), capped at 1.
public enum MannWhitneyU {
    public static let exactLimit = 8

    public static func test(_ x: [Double], _ y: [Double]) throws -> TestResult {
        if x.isEmpty || y.isEmpty {
            throw StatisticsError("Mann-Whitney U: each group needs at least one value (got \(x.count) and \(y.count))")
        }
        if x.contains(where: \.isNaN) || y.contains(where: \.isNaN) {
            throw StatisticsError("Mann-Whitney U: values contain missing values")
        }
        let n1 = x.count, n2 = y.count
        let (ranks, groups) = Ranking.averageRanks(x + y)
        let r1 = ranks[0..<n1].reduce(0, +)
        let u1 = r1 - Double(n1 * (n1 + 1)) / 2
        let u2 = Double(n1 * n2) - u1
        let u = Swift.max(u1, u2)
        let ties = groups.contains { $0 > 1 }
        if !ties && (n1 <= exactLimit || n2 <= exactLimit) {
            let counts = uCounts(n1, n2)
            let total = counts.reduce(0, +)
            let k = Int(u.rounded())
            let sf = counts[k...].reduce(0, +) / total
            return TestResult(statistic: u1, pValue: Swift.min(1, 2 * sf), method: .exact, n: n1 + n2)
        }
        let n = Double(n1 + n2)
        let s = (Double(n1 * n2) / 12 * ((n + 1) - Ranking.tieTerm(groups) / (n * (n - 1)))).squareRoot()
        let z = (u - Double(n1 * n2) / 2 - 0.5) / s
        let p = s > 0 ? Swift.min(1, 2 * SpecialFunctions.normalSF(z)) : 1
        return TestResult(statistic: u1, pValue: p, method: .asymptotic, n: n1 + n2)
    }

    /// counts[u] = number of orderings of n1 x's and n2 y's with U = u, by the recurrence
    /// c(n1, n2, u) = c(n1 − 1, n2, u − n2) + c(n1, n2 − 1, u) (additions only: no cancellation).
    static func uCounts(_ n1: Int, _ n2: Int) -> [Double] {
        let a = Swift.min(n1, n2), b = Swift.max(n1, n2)
        let maxU = a * b
        // table[i][u] for i = 0…a x's and the current number j of y's.
        var table = [[Double]](repeating: [Double](repeating: 0, count: maxU + 1), count: a + 1)
        for i in 0...a { table[i][0] = 1 } // j = 0: only U = 0.
        if b == 0 { return table[a] }
        for j in 1...b {
            // Adding a y: c(i, j, u) = c(i − 1, j, u − j) + c(i, j − 1, u); i ascending uses the new
            // row i − 1 (same j) and the old row i (j − 1), which is still in place.
            for i in 1...a {
                let maxHere = i * j
                var row = table[i]
                for u in stride(from: maxHere, through: 0, by: -1) {
                    var v = row[u]
                    if u >= j { v += table[i - 1][u - j] }
                    row[u] = v
                }
                table[i] = row
            }
        }
        return table[a]
    }
}
