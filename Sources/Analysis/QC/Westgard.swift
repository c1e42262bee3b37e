/// Westgard multirule QC (Westgard, Barry, Hunt & Groth 1981) on one control's results in run
/// order, each expressed as z = (value − mean) / SD. The rules look back across consecutive runs
/// of the same control and analyte (a Levey-Jennings chart shows one control, so R-4s is
/// evaluated between consecutive runs rather than between two controls of one run).
public enum WestgardRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// One result beyond ±2 SD: a warning that triggers inspection by the other rules.
    case oneTwoS = "1-2s"
    /// One result beyond ±3 SD: random error; reject.
    case oneThreeS = "1-3s"
    /// Two consecutive results beyond 2 SD on the same side: systematic error; reject.
    case twoTwoS = "2-2s"
    /// Two consecutive results, one above +2 SD and the other below −2 SD: random error; reject.
    case rangeFourS = "R-4s"
    /// Four consecutive results beyond 1 SD on the same side: systematic error; reject.
    case fourOneS = "4-1s"
    /// Ten consecutive results on the same side of the mean: systematic shift; reject.
    case tenX = "10-x"

    /// 1-2s only warns; every other rule rejects the run.
    public var isRejection: Bool { self != .oneTwoS }

    public var explanation: String {
        switch self {
        case .oneTwoS: return "one result beyond ±2 SD (warning)"
        case .oneThreeS: return "one result beyond ±3 SD"
        case .twoTwoS: return "two consecutive results beyond 2 SD on the same side"
        case .rangeFourS: return "two consecutive results on opposite sides, beyond +2 SD and −2 SD"
        case .fourOneS: return "four consecutive results beyond 1 SD on the same side"
        case .tenX: return "ten consecutive results on the same side of the mean"
        }
    }
}

/// One rule broken at one run: `index` is the run where the rule fires (the last of the runs it
/// looks at), `runs` all the runs involved, as indices into the evaluated series.
public struct WestgardViolation: Sendable, Hashable, Codable {
    public var rule: WestgardRule
    public var index: Int
    public var runs: [Int]

    public init(rule: WestgardRule, index: Int, runs: [Int]) {
        self.rule = rule
        self.index = index
        self.runs = runs
    }
}

public enum Westgard {
    /// Every rule violation in the series, in run order, then rule order. A non-finite value (no
    /// result for that run) is skipped: the rules look at consecutive *results*. No SD (≤ 0 or
    /// not finite) means nothing can be judged: no violations.
    public static func evaluate(_ values: [Double], mean: Double, sd: Double) -> [WestgardViolation] {
        guard sd > 0, sd.isFinite, mean.isFinite else { return [] }
        // Indices of the runs that have a result, and their z-scores.
        let runs = values.indices.filter { values[$0].isFinite }
        let z = runs.map { (values[$0] - mean) / sd }
        var out: [WestgardViolation] = []
        for k in z.indices {
            let i = runs[k]
            if abs(z[k]) > 2 { out.append(.init(rule: .oneTwoS, index: i, runs: [i])) }
            if abs(z[k]) > 3 { out.append(.init(rule: .oneThreeS, index: i, runs: [i])) }
            if k >= 1 {
                let pair = [runs[k - 1], i]
                if (z[k - 1] > 2 && z[k] > 2) || (z[k - 1] < -2 && z[k] < -2) {
                    out.append(.init(rule: .twoTwoS, index: i, runs: pair))
                }
                if (z[k - 1] > 2 && z[k] < -2) || (z[k - 1] < -2 && z[k] > 2) {
                    out.append(.init(rule: .rangeFourS, index: i, runs: pair))
                }
            }
            if k >= 3, sameSide(z[(k - 3)...k], beyond: 1) {
                out.append(.init(rule: .fourOneS, index: i, runs: Array(runs[(k - 3)...k])))
            }
            if k >= 9, sameSide(z[(k - 9)...k], beyond: 0) {
                out.append(.init(rule: .tenX, index: i, runs: Array(runs[(k - 9)...k])))
            }
        }
        return out
    }

    /// All z-scores strictly beyond `limit` on the same side of the mean.
    static func sameSide(_ z: ArraySlice<Double>, beyond limit: Double) -> Bool {
        z.allSatisfy { $0 > limit } || z.allSatisfy { $0 < -limit }
    }
}
