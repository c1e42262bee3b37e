import Domain
import Foundation
import Numerical

/// A fitted standard curve with everything needed to judge and use it: the model and its
/// parameters, goodness of fit, the back-calculated recovery of every standard, and the limits of
/// quantification derived from those recoveries.
public struct CurveFit: Sendable, Hashable {
    /// One standard point as fitted.
    public struct Point: Sendable, Hashable {
        public var expected: Double
        public var response: Double
        public var weight: Double
        public var fitted: Double
        /// The concentration the curve gives for this point's response; nil beyond an asymptote.
        public var backCalculated: Double?
        /// backCalculated / expected × 100.
        public var recoveryPercent: Double?
    }

    /// One concentration level: its replicate points averaged.
    public struct Level: Sendable, Hashable {
        public var expected: Double
        public var replicates: Int
        public var meanResponse: Double
        public var backCalculated: Double?
        public var recoveryPercent: Double?
        /// Whether the recovery is within the acceptance range.
        public var accepted: Bool
    }

    public var model: CurveModel
    public var curve: LogisticCurve
    public var weighting: CurveWeighting
    /// Σ wᵢ (yᵢ − ŷᵢ)².
    public var weightedSSE: Double
    /// 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)², unweighted, on the response scale.
    public var rSquared: Double
    public var points: [Point]
    /// Ascending concentration.
    public var levels: [Level]
    /// Recovery acceptance range, percent (70...130 by default).
    public var recoveryRange: ClosedRange<Double>
    /// Lowest / highest standard concentration whose back-calculated recovery is within
    /// `recoveryRange`; nil when no standard recovers.
    public var lloq: Double?
    public var uloq: Double?
    public var choice: ModelChoice
    /// Parameters that ended on a bound (see `LogisticLeastSquares`).
    public var parametersAtBounds: [String]
    public var converged: Bool

    public var standardCount: Int { points.count }

    /// The concentration (in the standards' unit, before any dilution) for a response; nil when the
    /// response is at or beyond an asymptote or not a number. No limits are applied here.
    public func concentration(forMFI response: Double) -> Double? {
        if case .concentration(let x) = curve.inverse(response) { return x }
        return nil
    }

    /// A sample's reportable concentration: the back-calculated value × `dilution` inside
    /// [LLOQ, ULOQ]; outside, the limit × `dilution` qualified `<LLOQ` / `>ULOQ` (never 0), with
    /// the curve's own estimate kept when there is one.
    public func quantify(response: Double, dilution: Double = 1) -> Quantification {
        guard response.isFinite else {
            return Quantification(
                value: .nan, qualifier: .notAvailable, estimate: nil, rawText: "",
                reason: "no response")
        }
        guard let lloq, let uloq else {
            return Quantification(
                value: .nan, qualifier: .notAvailable, estimate: nil, rawText: "",
                reason: "no standard recovered within \(Self.percent(recoveryRange)); no quantifiable range")
        }
        let below = Quantification(
            value: lloq * dilution, qualifier: .belowLLOQ, estimate: nil,
            rawText: "< " + Self.format(lloq * dilution), reason: "")
        let above = Quantification(
            value: uloq * dilution, qualifier: .aboveULOQ, estimate: nil,
            rawText: "> " + Self.format(uloq * dilution), reason: "")
        switch curve.inverse(response) {
        case .undefined:
            return Quantification(
                value: .nan, qualifier: .notAvailable, estimate: nil, rawText: "",
                reason: "the curve cannot be inverted")
        case .belowCurve:
            var q = below
            q.reason = "response at or below the curve's lower asymptote"
            return q
        case .aboveCurve:
            var q = above
            q.reason = "response at or above the curve's upper asymptote"
            return q
        case .concentration(let x):
            if x < lloq {
                var q = below
                q.estimate = x * dilution
                q.reason = "below the LLOQ"
                return q
            }
            if x > uloq {
                var q = above
                q.estimate = x * dilution
                q.reason = "above the ULOQ"
                return q
            }
            return Quantification(
                value: x * dilution, qualifier: .inRange, estimate: x * dilution,
                rawText: "", reason: "")
        }
    }

    /// Six significant digits, as instruments print limits (`< 0.105286`).
    static func format(_ v: Double) -> String { String(format: "%.6g", v) }

    static func percent(_ r: ClosedRange<Double>) -> String {
        "\(format(r.lowerBound))–\(format(r.upperBound)) %"
    }
}

/// A back-calculated, limit-qualified concentration.
public struct Quantification: Sendable, Hashable {
    /// The value to report: NaN when there is none; the limit for `<LLOQ` / `>ULOQ`.
    public var value: Double
    public var qualifier: Qualifier
    /// The curve's own back-calculation × dilution, when the response is inside the asymptotes
    /// (also when it is outside the limits: kept, not reported as the value).
    public var estimate: Double?
    /// `< 0.842` / `> 7300` for qualified values, empty otherwise.
    public var rawText: String
    /// Why the value is qualified or missing; empty when in range.
    public var reason: String
}
