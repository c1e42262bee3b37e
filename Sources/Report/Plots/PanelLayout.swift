/// Side-by-side panels (one per arm) sharing a y axis inside one figure: the first panel
/// carries the y axis, the others only their frame.
struct PanelLayout {
    let frames: [PlotFrame]

    init(count: Int, width: Double, top: Double, plotHeight: Double, left: Double = 66, right: Double = 14, gap: Double = 34) {
        let k = Double(max(1, count))
        let w = (width - left - right - gap * (k - 1)) / k
        frames = (0..<max(1, count)).map { i in
            PlotFrame(left: left + Double(i) * (w + gap), top: top, width: w, height: plotHeight)
        }
    }

    /// A panel title that fits its frame: the full title when it does, else `short`.
    func title(_ full: String, short: String, panel: Int, size: Double = 11.5) -> String {
        TextWidth.estimate(full, size: size) <= frames[panel].width ? full : short
    }

    /// Panel `i`'s title and its y axis: tick labels and the axis title on the first panel only,
    /// since the panels share the scale.
    func header(panel i: Int, title: String, short: String, yScale: any ContinuousScale, yTitle: String) -> [String] {
        let frame = frames[i]
        let heading = SVG.text(
            (frame.left + frame.right) / 2, frame.top - 8, self.title(title, short: short, panel: i), size: 11.5,
            anchor: .middle,
            weight: "bold", color: "#333")
        let axis =
            i == 0
            ? Axis.left(yScale, frame: frame, title: yTitle, titleOffset: 50)
            : Axis.left(yScale, frame: frame, title: "").filter { !$0.hasPrefix("<text") }
        return [heading] + axis
    }

    /// The horizontal pixel range of the whole row of panels.
    var span: (from: Double, to: Double) { (frames.first!.left, frames.last!.right) }
}
