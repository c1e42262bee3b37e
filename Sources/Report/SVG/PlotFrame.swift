/// The rectangle data are drawn in, inside a figure's margins (axes and labels go outside it).
/// Built by the Report target's plots only, with its memberwise initialiser.
public struct PlotFrame: Sendable {
    public var left: Double
    public var top: Double
    public var width: Double
    public var height: Double

    public var right: Double { left + width }
    public var bottom: Double { top + height }
    /// Horizontal pixel range, left to right.
    public var xRange: (from: Double, to: Double) { (left, right) }
    /// Vertical pixel range for a y axis: data increase upward.
    public var yRange: (from: Double, to: Double) { (bottom, top) }
}
