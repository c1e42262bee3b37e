import Foundation

/// A small dense Levenberg–Marquardt least-squares solver with box bounds, for curve fits of a
/// handful of parameters to a few dozen points.
///
/// Minimises Σ rᵢ(θ)² where the caller supplies residuals (already multiplied by √weight) and
/// their Jacobian. Each step solves (JᵀJ + λ·diag(JᵀJ)) δ = −Jᵀr (Marquardt's scaling, so the
/// damping is invariant to parameter units), projects θ + δ onto the bounds, and is accepted only
/// if the sum of squares falls; λ shrinks ×10 after a success and grows ×10 after a failure.
struct LevenbergMarquardt {
    struct Evaluation {
        var residuals: [Double]
        /// Row-major: jacobian[i][j] = ∂rᵢ/∂θⱼ.
        var jacobian: [[Double]]
        var sumOfSquares: Double { residuals.reduce(0) { $0 + $1 * $1 } }
    }

    struct Outcome {
        var parameters: [Double]
        var sumOfSquares: Double
        var iterations: Int
        /// True when the relative decrease or the step became negligible (not merely the
        /// iteration limit).
        var converged: Bool
    }

    var lower: [Double]
    var upper: [Double]
    var maxIterations = 500
    /// Stop when an accepted step lowers the sum of squares by less than this fraction.
    var relativeTolerance = 1e-12

    /// nil from `evaluate` means the parameters are outside the model's domain (treated as a
    /// failed step).
    func minimize(from start: [Double], evaluate: ([Double]) -> Evaluation?) -> Outcome? {
        var theta = project(start)
        guard var current = evaluate(theta), current.sumOfSquares.isFinite else { return nil }
        var sse = current.sumOfSquares
        var lambda = 1e-3
        let n = theta.count
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            let (jtj, jtr) = normalEquations(current)
            var accepted = false
            while lambda < 1e16 {
                var m = jtj
                let maxDiag = (0..<n).map { jtj[$0][$0] }.max() ?? 0
                for i in 0..<n { m[i][i] += lambda * max(jtj[i][i], 1e-12 * max(maxDiag, 1e-300)) }
                guard let delta = Self.solveSymmetric(m, jtr.map { -$0 }) else {
                    lambda *= 10
                    continue
                }
                let candidate = project(zip(theta, delta).map { $0 + $1 })
                let stepSize = zip(candidate, theta).map { abs($0 - $1) / (abs($1) + 1e-8) }.max() ?? 0
                if stepSize < 1e-14 {
                    converged = true
                    break
                }
                if let trial = evaluate(candidate), trial.sumOfSquares.isFinite, trial.sumOfSquares < sse {
                    let decrease = sse - trial.sumOfSquares
                    theta = candidate
                    current = trial
                    sse = trial.sumOfSquares
                    lambda = max(lambda / 10, 1e-15)
                    accepted = true
                    if decrease <= relativeTolerance * max(sse, 1e-300) || stepSize < 1e-12 { converged = true }
                    break
                }
                lambda *= 10
            }
            if converged { break }
            if !accepted {
                converged = true
                break
            } // no direction lowers the sum: a minimum
        }
        return Outcome(parameters: theta, sumOfSquares: sse, iterations: iterations, converged: converged)
    }

    private func project(_ theta: [Double]) -> [Double] {
        theta.indices.map { min(max(theta[$0], lower[$0]), upper[$0]) }
    }

    private func normalEquations(_ e: Evaluation) -> ([[Double]], [Double]) {
        let n = e.jacobian.first?.count ?? 0
        var jtj = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var jtr = [Double](repeating: 0, count: n)
        for (row, r) in zip(e.jacobian, e.residuals) {
            for i in 0..<n {
                jtr[i] += row[i] * r
                for j in i..<n { jtj[i][j] += row[i] * row[j] }
            }
        }
        for i in 0..<n { for j in 0..<i { jtj[i][j] = jtj[j][i] } }
        return (jtj, jtr)
    }

    /// Solves M x = b for symmetric positive-definite M by Cholesky; nil when M is not.
    static func solveSymmetric(_ m: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = m[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0, s.isFinite else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = b[i]
            for k in 0..<i { s -= l[i][k] * y[k] }
            y[i] = s / l[i][i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<n { s -= l[k][i] * x[k] }
            x[i] = s / l[i][i]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
