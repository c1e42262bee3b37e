import Foundation

/// How standards are weighted in the least-squares fit: each point gets weight 1 / Var(response),
/// with the variance given by a stated model of the observed response y.
///
/// Immunoassay responses have a roughly constant coefficient of variation, so the default is
/// 1/y² (variance ∝ y²). Net MFI can be 0 or negative near the blank, where 1/y² would be
/// infinite; `floor` caps the weight at 1/floor². With floor 1 (one MFI unit) our fits reproduce
/// the coefficients xPONENT 3.1 prints for its 5PL fits (see docs/cytokines.md).
public enum CurveWeighting: Sendable, Hashable, CustomStringConvertible {
    /// Unweighted: constant variance.
    case none
    /// Var ∝ max(|y|, floor)^exponent. exponent 2 is 1/y², 1 is Poisson-like 1/y.
    case powerOfResponse(exponent: Double, floor: Double)
    /// Var = sd0² + (cv·y)²: a constant background noise `sd0` (response units) plus a
    /// proportional part `cv` (fraction, e.g. 0.05).
    case varianceModel(sd0: Double, cv: Double)

    /// 1/y² with a floor of 1 response unit.
    public static let `default` = CurveWeighting.powerOfResponse(exponent: 2, floor: 1)

    /// The weight of a point with observed response y.
    public func weight(response y: Double) -> Double {
        switch self {
        case .none:
            return 1
        case .powerOfResponse(let exponent, let floor):
            let m = max(abs(y), floor > 0 ? floor : Double.leastNormalMagnitude)
            return 1 / pow(m, exponent)
        case .varianceModel(let sd0, let cv):
            let v = sd0 * sd0 + (cv * y) * (cv * y)
            return v > 0 ? 1 / v : 1
        }
    }

    public var description: String {
        switch self {
        case .none: return "none"
        case .powerOfResponse(let e, let f):
            return e == 2 ? "1/max(|y|,\(fmt(f)))^2" : "1/max(|y|,\(fmt(f)))^\(fmt(e))"
        case .varianceModel(let sd0, let cv): return "1/(\(fmt(sd0))^2+(\(fmt(cv))*y)^2)"
        }
    }

    private func fmt(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
