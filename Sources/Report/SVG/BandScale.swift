/// Evenly spaced categories along an axis (visits, groups): each gets a band of equal width
/// with padding between bands.
public struct BandScale: Sendable {
    public let categories: [String]
    public let range: (from: Double, to: Double)
    /// Fraction of each step left empty between bands (0…1).
    public let padding: Double

    public init(_ categories: [String], range: (from: Double, to: Double), padding: Double = 0.2) {
        self.categories = categories
        self.range = range
        self.padding = padding
    }

    public var step: Double { (range.to - range.from) / Double(Swift.max(1, categories.count)) }
    public var bandwidth: Double { step * (1 - padding) }

    /// Left edge of a category's band; nil for an unknown category.
    public func start(_ category: String) -> Double? {
        guard let i = categories.firstIndex(of: category) else { return nil }
        return range.from + Double(i) * step + step * padding / 2
    }

    public func center(_ category: String) -> Double? {
        start(category).map { $0 + bandwidth / 2 }
    }
}
