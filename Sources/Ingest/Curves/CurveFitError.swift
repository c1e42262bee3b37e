import Numerical

/// Why a set of standards cannot give a curve. Each case says what was found and what is needed.
public enum CurveFitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer distinct concentrations (or points) than the model needs.
    case tooFewStandards(levels: Int, points: Int, requiredLevels: Int, model: CurveModel)
    /// A standard with a non-finite or non-positive expected concentration, or a non-finite
    /// response (index into the input).
    case invalidStandard(index: Int, reason: String)
    /// The mean responses do not rise (or fall) with concentration beyond noise: a hook effect,
    /// swapped wells or a damaged series. Fitting a monotone curve through it would be wrong.
    case nonMonotoneResponse(detail: String)
    /// All standards give the same response.
    case flatResponse
    /// The optimiser found no finite solution from any start.
    case noSolution

    public var description: String {
        switch self {
        case .tooFewStandards(let levels, let points, let required, let model):
            return
                "too few standards for a \(model.rawValue) fit: \(levels) distinct concentrations (\(points) points); at least \(required) distinct concentrations are needed"
        case .invalidStandard(let i, let reason):
            return "standard #\(i + 1) cannot be used: \(reason)"
        case .nonMonotoneResponse(let detail):
            return "standard responses are not monotone in concentration: \(detail)"
        case .flatResponse:
            return "all standards give the same response; no curve can be fitted"
        case .noSolution:
            return "the curve fit found no finite solution"
        }
    }
}
