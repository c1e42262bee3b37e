/// Legends: a row of categorical keys (line, point or box swatch and label), and a horizontal
/// colour bar for a diverging scale.
public enum Legend {
    public enum Swatch: Sendable { case line, point, box }

    public struct Entry: Sendable {
        public var label: String
        public var color: String
        public init(_ label: String, color: String) {
            self.label = label
            self.color = color
        }
    }

    /// Entries laid out left to right from (x, y); returns the elements and the width used.
    /// With `maxWidth`, an entry that would end past `x + maxWidth` starts a new row `rowHeight`
    /// lower (the first entry of a row always stays), so no label runs off the figure.
    public static func horizontal(
        _ entries: [Entry], x: Double, y: Double, swatch: Swatch,
        size: Double = 11.5, maxWidth: Double = .infinity,
        rowHeight: Double = 16
    ) -> (elements: [String], width: Double) {
        var out: [String] = []
        var cx = x, cy = y, widest = 0.0
        for (e, start) in zip(entries, positions(entries, maxWidth: maxWidth, size: size)) {
            cx = x + start.x
            cy = y + Double(start.row) * rowHeight
            switch swatch {
            case .line: out.append(SVG.line(cx, cy, cx + 18, cy, SVG.Stroke(e.color, width: 2.5)))
            case .point: out.append(SVG.circle(cx: cx + 9, cy: cy, r: 4, fill: e.color))
            case .box:
                out.append(
                    SVG.rect(
                        x: cx + 2, y: cy - 6, width: 14, height: 12, fill: e.color, stroke: SVG.Stroke("#333", width: 0.8),
                        fillOpacity: 0.55))
            }
            out.append(SVG.text(cx + 24, cy, e.label, size: size, color: "#222", baseline: "middle"))
            widest = max(widest, start.x + 24 + TextWidth.estimate(e.label, size: size) + 18)
        }
        return (out, widest)
    }

    /// Rows `horizontal` needs for `entries` within `maxWidth`.
    public static func rowCount(_ entries: [Entry], maxWidth: Double, size: Double = 11.5) -> Int {
        (positions(entries, maxWidth: maxWidth, size: size).map(\.row).max() ?? 0) + 1
    }

    /// Each entry's offset from the legend's left end and its row.
    static func positions(_ entries: [Entry], maxWidth: Double, size: Double) -> [(x: Double, row: Int)] {
        var out: [(x: Double, row: Int)] = []
        var cx = 0.0, row = 0
        for e in entries {
            let w = 24 + TextWidth.estimate(e.label, size: size)
            if cx > 0, cx + w > maxWidth {
                cx = 0
                row += 1
            }
            out.append((cx, row))
            cx += w + 18
        }
        return out
    }

    /// A colour bar for `DivergingColorScale` from −1 to +1 with labelled ends and centre.
    /// `gradientID` must be unique in the page.
    public static func colorBar(
        x: Double, y: Double, width: Double, height: Double = 12, gradientID: String,
        labels: (low: String, mid: String, high: String), caption: String
    ) -> (definition: String, elements: [String]) {
        let scale = DivergingColorScale()
        let n = DivergingColorScale.stops.count
        let stops = (0..<n).map { i -> String in
            let t = -1 + 2 * Double(i) / Double(n - 1)
            return "<stop offset=\"\(SVGNumber.format(Double(i) / Double(n - 1) * 100))%\" stop-color=\"\(scale.color(t))\"/>"
        }.joined()
        let definition =
            "<linearGradient id=\"\(XMLText.escape(gradientID))\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">\(stops)</linearGradient>"
        var out: [String] = []
        out.append(SVG.rect(x: x, y: y, width: width, height: height, fill: "url(#\(gradientID))", stroke: SVG.Stroke("#555", width: 0.6)))
        for (fx, label, anchor) in [(0.0, labels.low, SVG.Anchor.start), (0.5, labels.mid, .middle), (1.0, labels.high, .end)] {
            let tx = x + fx * width
            out.append(SVG.line(tx, y + height, tx, y + height + 4, SVG.Stroke("#333")))
            out.append(SVG.text(tx, y + height + 15, label, size: 10.5, anchor: anchor, color: "#333"))
        }
        out.append(SVG.text(x, y - 6, caption, size: 11, color: "#222"))
        return (definition, out)
    }
}
