/// Axes drawn outside a plot frame: a line, outward tick marks, tick labels and a title, plus
/// optional light grid lines across the frame so values can be read off.
public enum Axis {
    public static let tickLength = 5.0
    public static let labelSize = 11.0
    public static let titleSize = 12.5
    static let ink = "#333"
    static let grid = SVG.Stroke("#e6e6e6", width: 1)

    /// A vertical axis at the frame's left edge.
    public static func left(
        _ scale: any ContinuousScale, frame: PlotFrame, title: String, grid: Bool = true,
        titleOffset: Double = 44
    ) -> [String] {
        var out: [String] = []
        for t in scale.ticks() where scale.contains(t) {
            let y = scale.position(t)
            if grid { out.append(SVG.line(frame.left, y, frame.right, y, Self.grid)) }
            out.append(SVG.line(frame.left - tickLength, y, frame.left, y, SVG.Stroke(ink)))
            out.append(
                SVG.text(
                    frame.left - tickLength - 3, y, scale.tickLabel(t), size: labelSize, anchor: .end,
                    color: ink, baseline: "middle"))
        }
        out.append(SVG.line(frame.left, frame.top, frame.left, frame.bottom, SVG.Stroke(ink)))
        let cy = (frame.top + frame.bottom) / 2
        out.append(SVG.text(frame.left - titleOffset, cy, title, size: titleSize, anchor: .middle, color: "#111", rotate: -90))
        return out
    }

    /// A horizontal axis along the frame's bottom edge.
    public static func bottom(_ scale: any ContinuousScale, frame: PlotFrame, title: String, grid: Bool = true) -> [String] {
        var out: [String] = []
        for t in scale.ticks() where scale.contains(t) {
            let x = scale.position(t)
            if grid { out.append(SVG.line(x, frame.top, x, frame.bottom, Self.grid)) }
            out.append(SVG.line(x, frame.bottom, x, frame.bottom + tickLength, SVG.Stroke(ink)))
            out.append(
                SVG.text(
                    x, frame.bottom + tickLength + labelSize + 1, scale.tickLabel(t), size: labelSize,
                    anchor: .middle, color: ink))
        }
        out.append(SVG.line(frame.left, frame.bottom, frame.right, frame.bottom, SVG.Stroke(ink)))
        out.append(
            SVG.text(
                (frame.left + frame.right) / 2, frame.bottom + tickLength + labelSize + titleSize + 10, title,
                size: titleSize, anchor: .middle, color: "#111"))
        return out
    }

    /// A categorical horizontal axis: one tick and label under the centre of each band.
    public static func bottom(_ scale: BandScale, frame: PlotFrame, title: String) -> [String] {
        var out: [String] = []
        for c in scale.categories {
            guard let x = scale.center(c) else { continue }
            out.append(SVG.line(x, frame.bottom, x, frame.bottom + tickLength, SVG.Stroke(ink)))
            out.append(SVG.text(x, frame.bottom + tickLength + labelSize + 1, c, size: labelSize, anchor: .middle, color: ink))
        }
        out.append(SVG.line(frame.left, frame.bottom, frame.right, frame.bottom, SVG.Stroke(ink)))
        if !title.isEmpty {
            out.append(
                SVG.text(
                    (frame.left + frame.right) / 2, frame.bottom + tickLength + labelSize + titleSize + 10, title,
                    size: titleSize, anchor: .middle, color: "#111"))
        }
        return out
    }

    /// A dashed horizontal reference line (zero change) across the frame.
    public static func referenceLine(_ scale: any ContinuousScale, value: Double, frame: PlotFrame) -> [String] {
        guard scale.contains(value) else { return [] }
        let y = scale.position(value)
        return [SVG.line(frame.left, y, frame.right, y, SVG.Stroke("#777", width: 1, dash: "4 3"))]
    }
}
