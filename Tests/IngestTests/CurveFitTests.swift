import Domain
import Foundation
import Numerical
import Testing

@testable import Ingest

@Suite("Standard curve fitting")
struct CurveFitTests {
    /// A realistic increasing 5PL (xPONENT-style coefficients, D < 0, marked asymmetry).
    static let truth = LogisticCurve(a: 12, b: 18_000, c: 900, d: -1.3, f: 0.45)
    /// 3-fold series from 10 000 down, 8 levels, in duplicate.
    static let levels = (0..<8).map { 10_000 / pow(3.0, Double($0)) }

    static func standards(
        _ curve: LogisticCurve, cv: Double = 0, seed: UInt64 = 1,
        replicates: Int = 2
    ) -> [(expected: Double, mfi: Double)] {
        var rng = SeededRandom(seed: seed)
        var out: [(expected: Double, mfi: Double)] = []
        for x in levels {
            for _ in 0..<replicates {
                out.append((x, curve.response(at: x) * (1 + cv * rng.normal())))
            }
        }
        return out
    }

    @Test func inverseUndoesResponse() throws {
        let c = Self.truth
        for x in [0.01, 0.5, 3, 40, 900, 12_000, 1e6] {
            let y = c.response(at: x)
            guard case .concentration(let back) = c.inverse(y) else {
                Issue.record("no inverse for x = \(x)")
                continue
            }
            #expect(abs(back - x) / x < 1e-6, "x = \(x), back = \(back)")
        }
    }

    @Test func inverseReportsResponsesBeyondTheAsymptotes() {
        let c = Self.truth
        #expect(c.inverse(c.a) == .belowCurve)
        #expect(c.inverse(c.a - 5) == .belowCurve)
        #expect(c.inverse(c.a + c.b) == .aboveCurve)
        #expect(c.inverse(c.a + c.b + 100) == .aboveCurve)
        #expect(c.inverse(.nan) == .undefined)
        // D > 0 (the other orientation of the same curve family) flips which end is which.
        let flipped = LogisticCurve(a: 18_012, b: -18_000, c: 900, d: 1.3, f: 1)
        #expect(flipped.responseAtZero == 12)
        #expect(flipped.inverse(11) == .belowCurve)
        #expect(flipped.inverse(18_013) == .aboveCurve)
        #expect(flipped.inverse(13) != .belowCurve)
    }

    @Test func analyticJacobianMatchesFiniteDifferences() throws {
        let x = Self.levels, y = x.map { Self.truth.response(at: $0) }
        let p = LogisticLeastSquares(x: x, y: y, weights: y.map { 1 / ($0 * $0) }, increasing: true)
        let theta = [20.0, 15_000, log(700.0), log(1.1), log(0.7)]
        let e = try #require(p.evaluate(theta))
        for j in 0..<5 {
            var up = theta, down = theta
            let h = 1e-6 * max(abs(theta[j]), 1)
            up[j] += h
            down[j] -= h
            let ru = try #require(p.evaluate(up)).residuals, rd = try #require(p.evaluate(down)).residuals
            for i in x.indices {
                let numeric = (ru[i] - rd[i]) / (2 * h)
                let analytic = e.jacobian[i][j]
                #expect(
                    abs(numeric - analytic) <= 1e-5 * max(abs(analytic), 1e-3),
                    "∂r\(i)/∂θ\(j): analytic \(analytic), numeric \(numeric)")
            }
        }
    }

    @Test func recoversKnownFivePLParametersFromExactData() throws {
        let fit = try StandardCurveFitter.fit(
            standards: Self.standards(Self.truth),
            options: .init(modelSelection: .fivePL))
        #expect(fit.model == .fivePL)
        let c = fit.curve, t = Self.truth
        #expect(abs(c.a - t.a) < 0.01)
        #expect(abs(c.b - t.b) / t.b < 1e-4)
        #expect(abs(c.c - t.c) / t.c < 1e-4)
        #expect(abs(c.d - t.d) / abs(t.d) < 1e-4)
        #expect(abs(c.f - t.f) / t.f < 1e-4)
        #expect(fit.weightedSSE < 1e-12)
        #expect(fit.rSquared > 0.999_999)
        #expect(fit.converged)
    }

    @Test func recoversFivePLFromNoisyDataAndTheFTestKeepsIt() throws {
        // 2 % CV noise (a good bead assay), triplicates, a clearly asymmetric curve.
        let asymmetric = LogisticCurve(a: 12, b: 18_000, c: 900, d: -1.3, f: 0.35)
        var fivePLChosen = 0
        for seed in UInt64(1)...10 {
            let fit = try StandardCurveFitter.fit(
                standards: Self.standards(
                    asymmetric, cv: 0.02, seed: seed,
                    replicates: 3))
            if fit.model == .fivePL { fivePLChosen += 1 } else { continue }
            // Parameters are correlated; what must be right is the curve over the standards' range.
            for x in Self.levels {
                let rel = abs(fit.curve.response(at: x) - asymmetric.response(at: x)) / asymmetric.response(at: x)
                #expect(rel < 0.03, "seed \(seed) at \(x): \(rel)")
            }
            #expect(abs(fit.curve.f - asymmetric.f) / asymmetric.f < 0.5, "seed \(seed): F = \(fit.curve.f)")
            // The low standards recover within 70–130 % → the LLOQ is the lowest standard. The top
            // one sits on the plateau (98.5 % of the upper asymptote), where 2 % noise in MFI is
            // ±50 % in concentration, so it may fail and leave the ULOQ at the next standard.
            #expect(fit.lloq == Self.levels.min())
            #expect(fit.uloq! >= Self.levels[1])
        }
        #expect(fivePLChosen >= 9, "the F-test kept the 5PL for only \(fivePLChosen) of 10 asymmetric curves")
    }

    @Test func theFTestKeepsTheFourPLForSymmetricData() throws {
        let symmetric = LogisticCurve(a: 15, b: 20_000, c: 600, d: -1.1, f: 1)
        var fivePLChosen = 0
        for seed in UInt64(1)...10 {
            let fit = try StandardCurveFitter.fit(standards: Self.standards(symmetric, cv: 0.04, seed: seed))
            if fit.model == .fivePL { fivePLChosen += 1 }
            #expect(fit.choice.fStatistic != nil)
        }
        // At alpha = 0.05 about one in twenty symmetric data sets is wrongly called 5PL.
        #expect(fivePLChosen <= 2, "\(fivePLChosen) of 10 symmetric curves were fitted as 5PL")
    }

    @Test func fitsADecreasingCompetitiveAssayCurve() throws {
        let falling = LogisticCurve(a: 9_000, b: -8_800, c: 50, d: -0.9, f: 1)
        let fit = try StandardCurveFitter.fit(
            standards: Self.standards(falling),
            options: .init(modelSelection: .fourPL))
        #expect(fit.curve.b < 0)
        #expect(abs(fit.curve.c - 50) / 50 < 1e-3)
        let y = falling.response(at: 7)
        #expect(abs(try #require(fit.concentration(forMFI: y)) - 7) / 7 < 1e-3)
    }

    @Test func tooFewStandardsIsAClearError() {
        let four = [(expected: 1000.0, mfi: 9000.0), (100, 3000), (10, 400), (1, 40), (1, 42)]
        #expect(throws: CurveFitError.tooFewStandards(levels: 4, points: 5, requiredLevels: 5, model: .fourPL)) {
            try StandardCurveFitter.fit(standards: four)
        }
        let five = four + [(5000, 12_000)]
        #expect(throws: CurveFitError.tooFewStandards(levels: 5, points: 6, requiredLevels: 6, model: .fivePL)) {
            try StandardCurveFitter.fit(standards: five, options: .init(modelSelection: .fivePL))
        }
        let message = CurveFitError.tooFewStandards(levels: 4, points: 5, requiredLevels: 5, model: .fourPL).description
        #expect(message.contains("4 distinct concentrations") && message.contains("at least 5"))
    }

    @Test func nonMonotoneResponsesAreRejected() {
        // Hook (prozone) effect: the two top standards read lower than the third.
        var s = Self.standards(Self.truth, replicates: 1)
        s[0].mfi = s[2].mfi * 0.6
        s[1].mfi = s[2].mfi * 0.8
        #expect(throws: CurveFitError.self) { try StandardCurveFitter.fit(standards: s) }
        do {
            _ = try StandardCurveFitter.fit(standards: s)
        } catch {
            guard case .nonMonotoneResponse(let detail) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(detail.contains("10000"))
        }
    }

    @Test func smallReversalsNearTheBlankAreNoise() throws {
        var s = Self.standards(Self.truth, replicates: 1)
        // Lowest two levels read 14 and 13: a reversal of 1 MFI on a range of ~15 000.
        s[6].mfi = 13
        s[7].mfi = 14
        _ = try StandardCurveFitter.fit(standards: s)
    }

    @Test func invalidStandardsAreNamed() {
        let s = [(expected: 0.0, mfi: 10.0)] + Self.standards(Self.truth, replicates: 1)
        #expect(throws: CurveFitError.invalidStandard(index: 0, reason: "expected concentration 0.0 is not a positive number")) {
            try StandardCurveFitter.fit(standards: s)
        }
        let flat = Self.levels.map { (expected: $0, mfi: 100.0) }
        #expect(throws: CurveFitError.flatResponse) { try StandardCurveFitter.fit(standards: flat) }
    }

    @Test func limitsFollowTheStandardsThatRecover() throws {
        // The two lowest standards read at background: they back-calculate far from expected,
        // so the LLOQ is the third-lowest standard.
        var s = Self.standards(Self.truth, replicates: 1)
        s[6].mfi = Self.truth.response(at: Self.levels[5]) * 0.9
        s[7].mfi = Self.truth.response(at: Self.levels[5]) * 0.85
        let fit = try StandardCurveFitter.fit(standards: s, options: .init(modelSelection: .fourPL))
        let failing = fit.levels.filter { !$0.accepted }.map(\.expected)
        #expect(failing.contains(Self.levels[7]))
        #expect(fit.lloq! > Self.levels[7])
        #expect(fit.uloq! >= Self.levels[1])
    }

    @Test func quantifyQualifiesOutsideTheLimitsAndNeverReturnsZero() throws {
        let fit = try StandardCurveFitter.fit(standards: Self.standards(Self.truth))
        let lloq = try #require(fit.lloq), uloq = try #require(fit.uloq)
        let low = fit.quantify(response: Self.truth.a - 3, dilution: 2)
        #expect(low.qualifier == .belowLLOQ)
        #expect(low.value == lloq * 2)
        #expect(low.value > 0)
        #expect(low.rawText == "< " + CurveFit.format(lloq * 2))
        #expect(low.estimate == nil)

        let justBelow = fit.quantify(response: Self.truth.response(at: lloq / 2), dilution: 2)
        #expect(justBelow.qualifier == .belowLLOQ)
        #expect(abs(justBelow.estimate! - lloq) / lloq < 1e-3) // (lloq/2) × 2

        let high = fit.quantify(response: Self.truth.response(at: uloq * 3))
        #expect(high.qualifier == .aboveULOQ)
        #expect(high.value == uloq)
        #expect(high.rawText.hasPrefix("> "))

        let mid = fit.quantify(response: Self.truth.response(at: 250), dilution: 4)
        #expect(mid.qualifier == .inRange)
        #expect(abs(mid.value - 1000) / 1000 < 1e-4)

        #expect(fit.quantify(response: .nan).qualifier == .notAvailable)
    }

    @Test func weightingModels() {
        #expect(CurveWeighting.default.weight(response: 100) == 1e-4)
        #expect(CurveWeighting.default.weight(response: -3) == 1 / 9.0)
        #expect(CurveWeighting.default.weight(response: 0.2) == 1) // floor of 1
        #expect(CurveWeighting.none.weight(response: 5000) == 1)
        #expect(CurveWeighting.powerOfResponse(exponent: 1, floor: 1).weight(response: 50) == 0.02)
        let vm = CurveWeighting.varianceModel(sd0: 3, cv: 0.1)
        #expect(abs(vm.weight(response: 40) - 1 / (9 + 16)) < 1e-15)
    }

}
