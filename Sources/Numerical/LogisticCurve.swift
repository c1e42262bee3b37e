import Foundation

/// The four- and five-parameter logistic models of immunoassay standard curves.
public enum CurveModel: String, Sendable, Hashable, Codable {
    case fourPL = "4PL"
    case fivePL = "5PL"

    public var parameterCount: Int { self == .fourPL ? 4 : 5 }
}

/// A logistic curve in xPONENT's parametrisation, so our fits and the instrument's
/// `Analysis Coefficients` read the same way:
///
///     response = A + B / (1 + (x / C)^D)^F
///
/// x is the concentration (> 0). With D < 0 the response rises from A (x → 0) to A + B (x → ∞)
/// when B > 0. F = 1 is the 4PL; F ≠ 1 makes the curve asymmetric (5PL). Bio-Plex writes the
/// same curve as `d + (a − d) / (1 + (x/c)^b)^g` (A = d, B = a − d, C = c, D = b, F = g).
public struct LogisticCurve: Sendable, Hashable, Codable {
    public var a: Double
    public var b: Double
    public var c: Double
    public var d: Double
    public var f: Double

    public init(a: Double, b: Double, c: Double, d: Double, f: Double = 1) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
        self.f = f
    }

    public var model: CurveModel { f == 1 ? .fourPL : .fivePL }

    /// The response the curve tends to as x → 0.
    public var responseAtZero: Double { d < 0 ? a : a + b }

    /// The response at concentration x (x ≤ 0 gives the x → 0 asymptote).
    public func response(at x: Double) -> Double {
        guard x > 0 else { return responseAtZero }
        let lnS = Self.log1pExp(d * (Foundation.log(x) - Foundation.log(c)))
        return a + b * Foundation.exp(-f * lnS)
    }

    /// Where a response lies relative to the curve.
    public enum Inverse: Sendable, Hashable {
        /// The concentration giving this response.
        case concentration(Double)
        /// At or beyond the x → 0 asymptote: below anything the curve can measure.
        case belowCurve
        /// At or beyond the x → ∞ asymptote: above anything the curve can measure.
        case aboveCurve
        /// The response is not a number.
        case undefined
    }

    /// Solves response = y for x: x = C · ((((y − A)/B)^(−1/F)) − 1)^(1/D), with the checks the
    /// formula needs: (y − A)/B must lie strictly between 0 and 1, i.e. y strictly between the two
    /// asymptotes; otherwise the response is reported as beyond the low or high end.
    public func inverse(_ y: Double) -> Inverse {
        guard y.isFinite, b != 0, c > 0, d != 0, f > 0 else { return .undefined }
        let z = (y - a) / b
        // z → 0 is the A asymptote, z → 1 the A + B one; which of them is x → 0 depends on D.
        let towardA: Inverse = d < 0 ? .belowCurve : .aboveCurve
        let towardAB: Inverse = d < 0 ? .aboveCurve : .belowCurve
        if z <= 0 { return towardA }
        if z >= 1 { return towardAB }
        // u = z^(−1/F) − 1, computed as expm1 to keep precision when z is close to 1.
        let u = Foundation.expm1(-Foundation.log(z) / f)
        // Rounding at the extremes: u = 0 is the A + B asymptote, u = ∞ the A one.
        if u <= 0 { return towardAB }
        if !u.isFinite { return towardA }
        let x = c * Foundation.exp(Foundation.log(u) / d)
        if !x.isFinite { return .aboveCurve }
        if x <= 0 { return .belowCurve }
        return .concentration(x)
    }

    /// The response by the formula exactly as written, A + B / (1 + (x/C)^D)^F, in the order
    /// xPONENT evaluates it. `response(at:)` is the stabler evaluation for fitting; the plate
    /// simulator uses this one so synthetic exports carry the digits an instrument prints.
    public func responseAsPrinted(at x: Double) -> Double {
        guard x > 0 else { return a }
        return a + b / Foundation.pow(1 + Foundation.pow(x / c, d), f)
    }

    /// The inverse of `responseAsPrinted`, x = C · ((B/(y − A))^(1/F) − 1)^(1/D), or nil outside
    /// the open interval (A, A + B) where the formula has no inverse.
    public func concentrationAsPrinted(_ y: Double) -> Double? {
        guard y > a, y < a + b else { return nil }
        let inner = Foundation.pow(b / (y - a), 1 / f) - 1
        guard inner > 0 else { return nil }
        let x = c * Foundation.pow(inner, 1 / d)
        return x.isFinite && x > 0 ? x : nil
    }

    /// ln(1 + e^t) without overflow.
    public static func log1pExp(_ t: Double) -> Double {
        t > 0 ? t + Foundation.log1p(Foundation.exp(-t)) : Foundation.log1p(Foundation.exp(t))
    }
}
