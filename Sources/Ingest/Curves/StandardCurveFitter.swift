import Foundation
import Numerical

/// Fits 4PL/5PL standard curves by weighted least squares (Levenberg–Marquardt) and derives the
/// limits of quantification from the standards' back-calculated recoveries.
///
/// Rules (also in docs/cytokines.md):
/// - Every standard point is used (replicates are separate points), weighted by `weighting`
///   (1/y² with a floor of 1 by default), computed from the observed response.
/// - At least 5 distinct concentrations for a 4PL, 6 for a 5PL; fewer is an error.
/// - The level means must be monotone in concentration: a reversal larger than both 10 % of the
///   larger response and 1 % of the response range (noise near the blank is smaller) is an error.
/// - Model: `ModelSelection.default` keeps the 5PL only when an F-test on the weighted SSE says
///   its extra parameter is significant at alpha = 0.05.
/// - LLOQ / ULOQ: the lowest / highest standard concentration whose level (mean response of its
///   replicates) back-calculates within `recoveryRange` (70–130 %).
public enum StandardCurveFitter {
    public struct Options: Sendable, Hashable {
        public var modelSelection: ModelSelection
        /// Percent.
        public var recoveryRange: ClosedRange<Double>
        /// Relative size of a response reversal between adjacent levels that counts as
        /// non-monotone (with 1 % of the response range as an absolute floor).
        public var monotoneTolerance: Double

        public init(
            modelSelection: ModelSelection = .default,
            recoveryRange: ClosedRange<Double> = 70...130,
            monotoneTolerance: Double = 0.10
        ) {
            self.modelSelection = modelSelection
            self.recoveryRange = recoveryRange
            self.monotoneTolerance = monotoneTolerance
        }
    }

    public static let minimumLevels: [CurveModel: Int] = [.fourPL: 5, .fivePL: 6]

    /// Fits `standards` (expected concentration, response) and returns the chosen curve.
    public static func fit(
        standards: [(expected: Double, mfi: Double)],
        weighting: CurveWeighting = .default,
        options: Options = Options()
    ) throws(CurveFitError) -> CurveFit {
        for (i, s) in standards.enumerated() {
            if !s.expected.isFinite || s.expected <= 0 {
                throw .invalidStandard(index: i, reason: "expected concentration \(s.expected) is not a positive number")
            }
            if !s.mfi.isFinite { throw .invalidStandard(index: i, reason: "response is not a number") }
        }
        let x = standards.map(\.expected), y = standards.map(\.mfi)
        let levels = groupLevels(x: x, y: y)
        let needed: Int
        switch options.modelSelection {
        case .fivePL: needed = minimumLevels[.fivePL]!
        case .fourPL, .fTest: needed = minimumLevels[.fourPL]!
        }
        if levels.count < needed {
            let model: CurveModel = {
                if case .fivePL = options.modelSelection { return .fivePL }
                return .fourPL
            }()
            throw .tooFewStandards(levels: levels.count, points: x.count, requiredLevels: needed, model: model)
        }
        let minY = y.min()!, maxY = y.max()!
        if maxY - minY <= 0 { throw .flatResponse }
        let increasing = levels.last!.mean >= levels.first!.mean
        try checkMonotone(levels, increasing: increasing, range: maxY - minY, tolerance: options.monotoneTolerance)

        let weights = y.map { weighting.weight(response: $0) }
        let problem = LogisticLeastSquares(x: x, y: y, weights: weights, increasing: increasing)
        let (fitted, choice) = try choose(
            problem, selection: options.modelSelection,
            levels: levels.count, points: x.count)
        return assemble(
            fitted: fitted, model: choice.chosen, choice: choice, x: x, y: y, weights: weights,
            levels: levels, weighting: weighting, recoveryRange: options.recoveryRange)
    }

    // MARK: - Steps

    struct LevelData {
        var expected: Double
        var responses: [Double]
        var mean: Double
    }

    static func groupLevels(x: [Double], y: [Double]) -> [LevelData] {
        var byX: [Double: [Double]] = [:]
        for (xi, yi) in zip(x, y) { byX[xi, default: []].append(yi) }
        return byX.keys.sorted().map { k in
            let r = byX[k]!
            return LevelData(expected: k, responses: r, mean: r.reduce(0, +) / Double(r.count))
        }
    }

    static func checkMonotone(
        _ levels: [LevelData], increasing: Bool, range: Double,
        tolerance: Double
    ) throws(CurveFitError) {
        var reversals: [String] = []
        for j in 0..<(levels.count - 1) {
            let lo = levels[j], hi = levels[j + 1]
            let step = (hi.mean - lo.mean) * (increasing ? 1 : -1)
            guard step < 0 else { continue }
            let size = -step
            if size > tolerance * max(abs(lo.mean), abs(hi.mean)) && size > 0.01 * range {
                reversals.append(
                    "mean response \(CurveFit.format(hi.mean)) at \(CurveFit.format(hi.expected)) vs \(CurveFit.format(lo.mean)) at \(CurveFit.format(lo.expected))"
                )
            }
        }
        if !reversals.isEmpty { throw .nonMonotoneResponse(detail: reversals.joined(separator: "; ")) }
    }

    static func choose(
        _ problem: LogisticLeastSquares, selection: ModelSelection, levels: Int,
        points: Int
    ) throws(CurveFitError) -> (LogisticLeastSquares.Fitted, ModelChoice) {
        switch selection {
        case .fourPL:
            guard let f4 = problem.fit(.fourPL) else { throw .noSolution }
            return (
                f4,
                ModelChoice(
                    chosen: .fourPL, fourPLWeightedSSE: f4.weightedSSE, fivePLWeightedSSE: nil,
                    fStatistic: nil, fCritical: nil, explanation: "4PL (fixed)")
            )
        case .fivePL:
            let f4 = problem.fit(.fourPL)
            guard let f5 = problem.fit(.fivePL, from: f4?.curve) else { throw .noSolution }
            return (
                f5,
                ModelChoice(
                    chosen: .fivePL, fourPLWeightedSSE: f4?.weightedSSE,
                    fivePLWeightedSSE: f5.weightedSSE, fStatistic: nil, fCritical: nil,
                    explanation: "5PL (fixed)")
            )
        case .fTest(let alpha):
            let f4 = problem.fit(.fourPL)
            let df = points - 5
            guard levels >= minimumLevels[.fivePL]!, df >= 2 else {
                guard let f4 else { throw .noSolution }
                return (
                    f4,
                    ModelChoice(
                        chosen: .fourPL, fourPLWeightedSSE: f4.weightedSSE, fivePLWeightedSSE: nil,
                        fStatistic: nil, fCritical: nil,
                        explanation: "4PL: \(levels) concentrations / \(points) points cannot support a 5PL")
                )
            }
            let f5 = problem.fit(.fivePL, from: f4?.curve)
            switch (f4, f5) {
            case (nil, nil): throw .noSolution
            case (let f4?, nil):
                return (
                    f4,
                    ModelChoice(
                        chosen: .fourPL, fourPLWeightedSSE: f4.weightedSSE, fivePLWeightedSSE: nil,
                        fStatistic: nil, fCritical: nil, explanation: "4PL: the 5PL fit failed")
                )
            case (nil, let f5?):
                return (
                    f5,
                    ModelChoice(
                        chosen: .fivePL, fourPLWeightedSSE: nil, fivePLWeightedSSE: f5.weightedSSE,
                        fStatistic: nil, fCritical: nil, explanation: "5PL: the 4PL fit failed")
                )
            case (let f4?, let f5?):
                let sse5 = min(f5.weightedSSE, f4.weightedSSE) // the 5PL contains the 4PL (F = 1)
                let fStat = sse5 > 0 ? max(f4.weightedSSE - sse5, 0) / (sse5 / Double(df)) : .infinity
                let crit = FDistribution.quantile(1 - alpha, d1: 1, d2: Double(df))
                let critText = "F(\(CurveFit.format(1 - alpha)); 1, \(df)) = \(String(format: "%.3g", crit))"
                let useFive = fStat > crit && f5.weightedSSE < f4.weightedSSE
                let text =
                    useFive
                    ? "5PL: F = \(String(format: "%.3g", fStat)) > \(critText)"
                    : "4PL: F = \(String(format: "%.3g", fStat)) ≤ \(critText)"
                return (
                    useFive ? f5 : f4,
                    ModelChoice(
                        chosen: useFive ? .fivePL : .fourPL, fourPLWeightedSSE: f4.weightedSSE,
                        fivePLWeightedSSE: f5.weightedSSE, fStatistic: fStat, fCritical: crit,
                        explanation: text)
                )
            }
        }
    }

    static func assemble(
        fitted: LogisticLeastSquares.Fitted, model: CurveModel, choice: ModelChoice,
        x: [Double], y: [Double], weights: [Double], levels: [LevelData],
        weighting: CurveWeighting, recoveryRange: ClosedRange<Double>
    ) -> CurveFit {
        let curve = fitted.curve
        func back(_ r: Double) -> Double? {
            if case .concentration(let c) = curve.inverse(r) { return c }
            return nil
        }
        var points: [CurveFit.Point] = []
        var ssRes = 0.0
        let meanY = y.reduce(0, +) / Double(y.count)
        var ssTot = 0.0
        for i in x.indices {
            let fit = curve.response(at: x[i])
            ssRes += (y[i] - fit) * (y[i] - fit)
            ssTot += (y[i] - meanY) * (y[i] - meanY)
            let bc = back(y[i])
            points.append(
                .init(
                    expected: x[i], response: y[i], weight: weights[i], fitted: fit,
                    backCalculated: bc, recoveryPercent: bc.map { $0 / x[i] * 100 }))
        }
        let levelFits: [CurveFit.Level] = levels.map { l in
            let bc = back(l.mean)
            let rec = bc.map { $0 / l.expected * 100 }
            return .init(
                expected: l.expected, replicates: l.responses.count, meanResponse: l.mean,
                backCalculated: bc, recoveryPercent: rec,
                accepted: rec.map { recoveryRange.contains($0) } ?? false)
        }
        let accepted = levelFits.filter(\.accepted).map(\.expected)
        return CurveFit(
            model: model, curve: curve, weighting: weighting, weightedSSE: fitted.weightedSSE,
            rSquared: ssTot > 0 ? 1 - ssRes / ssTot : .nan, points: points, levels: levelFits,
            recoveryRange: recoveryRange, lloq: accepted.min(), uloq: accepted.max(),
            choice: choice, parametersAtBounds: fitted.parametersAtBounds,
            converged: fitted.converged)
    }
}
