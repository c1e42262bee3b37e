import Analysis

/// Bar chart of response rates (% responders among subjects assessed) for each criterion and
/// assessed visit, by arm when unblinded, with Wilson 95 % intervals and k/n over each bar.
public enum ResponseRatePlot {
    public static func render(_ rates: [ResponseRate], arms: [String], blinded: Bool, width: Double = 620, height: Double = 320)
        -> SVGCanvas?
    {
        let shown = rates.filter { $0.assessed > 0 }
        guard !shown.isEmpty else { return nil }
        let groups = arms.count > 1 ? arms : [SummaryRow.allArms]
        var categories: [String] = []
        for r in rates where !categories.contains("\(r.criterion) \(r.visit)") { categories.append("\(r.criterion) \(r.visit)") }
        let frame = PlotFrame(left: 66, top: 44, width: width - 66 - 14, height: height - 44 - 50 - 26)
        let xScale = BandScale(categories, range: frame.xRange, padding: 0.3)
        let yScale = LinearScale(lower: 0, upper: 100, range: frame.yRange, tickCount: 5)
        var canvas = SVGCanvas(
            width: width, height: height, kind: "response-rates", title: "Response rates by visit",
            description: "Bars: % responders among subjects assessed; error bars: Wilson 95% CI.")
        canvas.add(SVG.text(10, 18, "Response rates\(blinded ? " (blinded: arms pooled)" : "")", size: 13.5, weight: "bold", color: "#111"))
        canvas.add(Axis.left(yScale, frame: frame, title: "Responders (% of assessed)", titleOffset: 46))
        canvas.add(Axis.bottom(xScale, frame: frame, title: "Criterion and visit"))
        let sub = xScale.bandwidth / Double(groups.count)
        for r in shown {
            guard let start = xScale.start("\(r.criterion) \(r.visit)"), let k = groups.firstIndex(of: r.arm) else { continue }
            let x = start + Double(k) * sub + sub * 0.08, w = sub * 0.84
            let color = groups.count > 1 ? Palette.categorical(k + 2) : Palette.categorical(0)
            let top = yScale.position(r.rate * 100)
            canvas.add(
                SVG.rect(
                    x: x, y: top, width: w, height: frame.bottom - top, fill: color, fillOpacity: 0.8,
                    attributes: [
                        ("data-criterion", r.criterion), ("data-visit", r.visit), ("data-arm", r.arm),
                        ("data-responders", "\(r.responders)"), ("data-assessed", "\(r.assessed)"),
                    ],
                    title: "\(r.criterion) \(r.visit)\(r.arm == SummaryRow.allArms ? "" : " \(r.arm)"): \(r.responders)/\(r.assessed)"))
            let ci = r.interval
            let cx = x + w / 2, lo = yScale.position(ci.low * 100), hi = yScale.position(ci.high * 100)
            let ink = SVG.Stroke("#222", width: 1.2)
            canvas.add([SVG.line(cx, lo, cx, hi, ink), SVG.line(cx - 5, lo, cx + 5, lo, ink), SVG.line(cx - 5, hi, cx + 5, hi, ink)])
            canvas.add(SVG.text(cx, hi - 5, "\(r.responders)/\(r.assessed)", size: 10.5, anchor: .middle, color: "#222"))
        }
        let entries = groups.enumerated().map { k, g in
            Legend.Entry(
                g == SummaryRow.allArms ? (blinded ? "all subjects (arms pooled)" : "all subjects") : g,
                color: groups.count > 1 ? Palette.categorical(k + 2) : Palette.categorical(0))
        }
        canvas.add(Legend.horizontal(entries, x: frame.left, y: height - 14, swatch: .box).elements)
        canvas.add(
            SVG.text(frame.right, height - 14, "error bars: Wilson 95% CI", size: 11, anchor: .end, color: "#444", baseline: "middle"))
        return canvas
    }
}
