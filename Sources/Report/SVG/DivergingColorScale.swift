import Foundation

/// A diverging colour scale for signed values: blue for decrease, white at zero, red for
/// increase (ColorBrewer RdBu, 11 classes, interpolated in RGB; Brewer 2003). Values are given
/// already normalised to −1…1 and clamped.
public struct DivergingColorScale: Sendable {
    /// ColorBrewer RdBu from −1 (dark blue) to +1 (dark red).
    public static let stops = [
        "#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
        "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f",
    ]

    public init() {}

    /// The colour of `t` in −1…1 as `#rrggbb`.
    public func color(_ t: Double) -> String {
        let x = t.isNaN ? 0 : Swift.max(-1, Swift.min(1, t))
        let pos = (x + 1) / 2 * Double(Self.stops.count - 1)
        let i = Swift.min(Int(pos.rounded(.down)), Self.stops.count - 2)
        let f = pos - Double(i)
        let a = Self.rgb(Self.stops[i]), b = Self.rgb(Self.stops[i + 1])
        func mix(_ u: Int, _ v: Int) -> Int { Int((Double(u) + (Double(v) - Double(u)) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Whether text on `color(t)` should be white to stay readable.
    public func needsLightText(_ t: Double) -> Bool { abs(t) > 0.62 }

    static func rgb(_ hex: String) -> (Int, Int, Int) {
        let v = Int(hex.dropFirst(), radix: 16) ?? 0
        return ((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff)
    }
}
