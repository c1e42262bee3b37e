import Numerical

/// How the fitter chooses between the 4PL and the 5PL.
public enum ModelSelection: Sendable, Hashable, CustomStringConvertible {
    case fourPL
    case fivePL
    /// Fit both; keep the 5PL only if its extra parameter lowers the weighted SSE significantly:
    /// F = (SSE₄ − SSE₅) / (SSE₅ / (n − 5)) above the (1 − alpha) quantile of F(1, n − 5). With
    /// fewer than 6 distinct concentrations or fewer than 7 points (n − 5 < 2) the 4PL is kept:
    /// an asymmetry parameter cannot be supported by so few standards.
    case fTest(alpha: Double)

    public static let `default` = ModelSelection.fTest(alpha: 0.05)

    public var description: String {
        switch self {
        case .fourPL: return "4PL"
        case .fivePL: return "5PL"
        case .fTest(let alpha): return "F-test alpha=\(alpha)"
        }
    }
}

/// What the model choice found, kept with the fit so the decision can be audited.
public struct ModelChoice: Sendable, Hashable {
    public var chosen: CurveModel
    public var fourPLWeightedSSE: Double?
    public var fivePLWeightedSSE: Double?
    /// The F statistic and its critical value, when the test was run.
    public var fStatistic: Double?
    public var fCritical: Double?
    /// A sentence: "5PL: F = 11.3 > F(0.95; 1, 12) = 4.75".
    public var explanation: String
}
