/// A map from data values to positions along one axis, with the ticks an axis draws.
public protocol ContinuousScale: Sendable {
    /// The data interval shown (after rounding out to nice tick values).
    var domain: (lower: Double, upper: Double) { get }
    /// Positions the domain's ends map to (`range.from` for `domain.lower`); a y axis maps
    /// upward, so its `from` is the larger pixel coordinate.
    var range: (from: Double, to: Double) { get }
    func position(_ value: Double) -> Double
    func ticks() -> [Double]
    func tickLabel(_ value: Double) -> String
}

extension ContinuousScale {
    /// Whether `value` can be drawn (inside the domain, allowing rounding).
    public func contains(_ value: Double) -> Bool {
        let span = domain.upper - domain.lower
        return value.isFinite && value >= domain.lower - 1e-9 * span && value <= domain.upper + 1e-9 * span
    }
}
