import Foundation

/// A five-parameter logistic standard curve in xPONENT's parametrisation (the `Analysis
/// Coefficients` section): MFI = A + B / (1 + (x / C)^D)^F, with D < 0 so that the MFI rises from
/// A at zero concentration to A + B at saturation.
struct LogisticCurve5P: Sendable, Hashable {
    var a, b, c, d, f: Double

    func response(_ x: Double) -> Double {
        guard x > 0 else { return a }
        return a + b / pow(1 + pow(x / c, d), f)
    }

    /// The concentration giving `y`, or nil outside the open interval (A, A + B), where the
    /// curve has no inverse.
    func concentration(_ y: Double) -> Double? {
        guard y > a, y < a + b else { return nil }
        let inner = pow(b / (y - a), 1 / f) - 1
        guard inner > 0 else { return nil }
        let x = c * pow(inner, 1 / d)
        return x.isFinite && x > 0 ? x : nil
    }
}
