import Foundation
import Numerical

/// Weighted least-squares fitting of one logistic model (4PL or 5PL) to standards, with bounds
/// and several starting points. `StandardCurveFitter` decides which model to keep.
///
/// The optimiser works on θ = (A, B, ln C, ln E, ln F) with D = −E: C, |D| and F stay positive
/// without constraints, and D < 0 makes the curve rise from A as in xPONENT's coefficients (a
/// falling assay has B < 0). Bounds, chosen to keep the optimiser inside curves the standards
/// can support rather than to shape the answer (a parameter that ends on one is reported):
/// - C within [lowest standard / 1000, highest standard × 1000];
/// - |D| and F within [0.05, 20];
/// - the asymptote at x → 0 (A) within one response range of the data; the amplitude |B| between
///   1 % and 100 × the response range, with the sign the data show.
struct LogisticLeastSquares {
    struct Fitted {
        var curve: LogisticCurve
        var weightedSSE: Double
        var converged: Bool
        var iterations: Int
        var parametersAtBounds: [String]
    }

    let x: [Double]
    let y: [Double]
    let sqrtW: [Double]
    let logX: [Double]
    let increasing: Bool
    let lower: [Double]
    let upper: [Double]

    static let parameterNames = ["A", "B", "C", "D", "F"]

    init(x: [Double], y: [Double], weights: [Double], increasing: Bool) {
        self.x = x
        self.y = y
        self.sqrtW = weights.map { $0.squareRoot() }
        self.logX = x.map { Foundation.log($0) }
        self.increasing = increasing
        let minY = y.min()!, maxY = y.max()!
        let range = max(maxY - minY, 1e-12)
        let lnMin = logX.min()!, lnMax = logX.max()!
        let lnK = Foundation.log(1000.0)
        let lnShapeLo = Foundation.log(0.05), lnShapeHi = Foundation.log(20.0)
        if increasing {
            lower = [minY - range, 0.01 * range, lnMin - lnK, lnShapeLo, lnShapeLo]
            upper = [maxY, 100 * range, lnMax + lnK, lnShapeHi, lnShapeHi]
        } else {
            lower = [minY, -100 * range, lnMin - lnK, lnShapeLo, lnShapeLo]
            upper = [maxY + range, -0.01 * range, lnMax + lnK, lnShapeHi, lnShapeHi]
        }
    }

    /// Starting points: the logit-linearised estimate, a plain default, and, for the 5PL, the
    /// 4PL solution with F = 1, 0.5 and 2.
    func fit(_ model: CurveModel, from fourPL: LogisticCurve? = nil) -> Fitted? {
        var starts: [[Double]] = [linearisedStart(), defaultStart()]
        if model == .fivePL, let p = fourPL {
            let t = theta(p)
            for lnF in [0.0, Foundation.log(0.5), Foundation.log(2.0)] {
                starts.insert([t[0], t[1], t[2], t[3], lnF], at: 0)
            }
        }
        var best: Fitted?
        for start in starts {
            guard let fitted = fit(model, start: start) else { continue }
            if best == nil || fitted.weightedSSE < best!.weightedSSE * (1 - 1e-12) { best = fitted }
        }
        return best
    }

    func fit(_ model: CurveModel, start: [Double]) -> Fitted? {
        let k = model.parameterCount
        let solver = LevenbergMarquardt(lower: Array(lower.prefix(k)), upper: Array(upper.prefix(k)))
        guard let out = solver.minimize(from: Array(start.prefix(k)), evaluate: { evaluate($0) }) else { return nil }
        let curve = curve(out.parameters)
        var atBounds: [String] = []
        for j in 0..<k {
            let span = max(abs(upper[j] - lower[j]), 1e-12)
            if abs(out.parameters[j] - lower[j]) < 1e-7 * span || abs(upper[j] - out.parameters[j]) < 1e-7 * span {
                atBounds.append(Self.parameterNames[j])
            }
        }
        return Fitted(
            curve: curve, weightedSSE: out.sumOfSquares, converged: out.converged,
            iterations: out.iterations, parametersAtBounds: atBounds)
    }

    /// Residuals √wᵢ·(f(xᵢ) − yᵢ) and their analytic Jacobian (derivation in docs/cytokines.md).
    func evaluate(_ t: [Double]) -> LevenbergMarquardt.Evaluation? {
        let k = t.count
        let a = t[0], b = t[1], lnC = t[2]
        let d = -Foundation.exp(t[3])
        let f = k == 5 ? Foundation.exp(t[4]) : 1
        var r = [Double](repeating: 0, count: x.count)
        var jac = [[Double]](repeating: [Double](repeating: 0, count: k), count: x.count)
        for i in x.indices {
            let lt = d * (logX[i] - lnC)
            let lnS = LogisticCurve.log1pExp(lt)
            let g = Foundation.exp(-f * lnS)
            let sigma = 1 / (1 + Foundation.exp(-lt)) // t / (1 + t)
            let sw = sqrtW[i]
            r[i] = sw * (a + b * g - y[i])
            jac[i][0] = sw
            jac[i][1] = sw * g
            jac[i][2] = sw * f * b * g * sigma * d
            jac[i][3] = -sw * f * b * g * sigma * (logX[i] - lnC) * d
            if k == 5 { jac[i][4] = -sw * b * f * lnS * g }
        }
        guard r.allSatisfy(\.isFinite) else { return nil }
        return .init(residuals: r, jacobian: jac)
    }

    func curve(_ t: [Double]) -> LogisticCurve {
        LogisticCurve(
            a: t[0], b: t[1], c: Foundation.exp(t[2]), d: -Foundation.exp(t[3]),
            f: t.count == 5 ? Foundation.exp(t[4]) : 1)
    }

    func theta(_ c: LogisticCurve) -> [Double] {
        [c.a, c.b, Foundation.log(c.c), Foundation.log(-c.d), Foundation.log(c.f)]
    }

    /// Asymptotes just outside the data; then ln((1 − z)/z) = D·(ln x − ln C) with
    /// z = (y − A)/B is a straight line in ln x whose slope and intercept give D and C.
    private func linearisedStart() -> [Double] {
        let minY = y.min()!, maxY = y.max()!
        let range = maxY - minY
        let a0 = increasing ? minY - 0.05 * range : maxY + 0.05 * range
        let b0 = increasing ? 1.1 * range : -1.1 * range
        var u: [Double] = [], v: [Double] = []
        for i in x.indices {
            let z = (y[i] - a0) / b0
            guard z > 0.01, z < 0.99 else { continue }
            u.append(logX[i])
            v.append(Foundation.log((1 - z) / z))
        }
        var d0 = -1.0, lnC0 = logX.reduce(0, +) / Double(logX.count)
        if u.count >= 2 {
            let mu = u.reduce(0, +) / Double(u.count), mv = v.reduce(0, +) / Double(v.count)
            var sxy = 0.0, sxx = 0.0
            for (p, q) in zip(u, v) {
                sxy += (p - mu) * (q - mv)
                sxx += (p - mu) * (p - mu)
            }
            if sxx > 0 {
                let slope = sxy / sxx
                if slope < 0 {
                    d0 = slope
                    lnC0 = mu - mv / slope
                }
            }
        }
        return clamp([a0, b0, lnC0, Foundation.log(-d0), 0])
    }

    private func defaultStart() -> [Double] {
        let minY = y.min()!, maxY = y.max()!
        let sorted = logX.sorted()
        return clamp([
            increasing ? minY : maxY, increasing ? maxY - minY : minY - maxY,
            sorted[sorted.count / 2], 0, 0,
        ])
    }

    private func clamp(_ t: [Double]) -> [Double] {
        t.indices.map { min(max(t[$0], lower[$0]), upper[$0]) }
    }
}
