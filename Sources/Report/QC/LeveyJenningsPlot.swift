import Analysis
import Foundation

/// A Levey-Jennings chart: one control × analyte, runs in order on x (labelled with run date and
/// plate), the result on y, lines at the mean and ±1/2/3 SD; a run where a Westgard rule fires
/// is drawn red (rejection) or amber (1-2s warning) and labelled with the rule.
enum LeveyJenningsPlot {
    static func render(_ s: LeveyJenningsSeries) -> SVGCanvas {
        let width = max(420.0, 110 + Double(s.runs.count) * 46), height = 300.0
        var svg = SVGCanvas(
            width: width, height: height, kind: "levey-jennings",
            title: "Levey-Jennings: \(s.control) · \(s.analyte)",
            description: "Control results in run order with mean ± 1, 2 and 3 SD")
        svg.attributes = [("data-control", s.control), ("data-analyte", s.analyte)]
        let frame = PlotFrame(left: 70, top: 28, width: width - 130, height: height - 100)
        let values = s.runs.map(\.value).filter(\.isFinite)
        guard !values.isEmpty else {
            svg.add(SVG.text(width / 2, height / 2, "no quantified result", size: 12, anchor: .middle, color: "#8a1c12"))
            return svg
        }
        let hasSD = s.sd.isFinite && s.sd > 0
        let lo = hasSD ? min(values.min()!, s.mean - 3.4 * s.sd) : values.min()!
        let hi = hasSD ? max(values.max()!, s.mean + 3.4 * s.sd) : values.max()!
        let y = LinearScale(lower: lo, upper: hi, range: frame.yRange)
        let n = s.runs.count
        func px(_ i: Int) -> Double { frame.left + frame.width * (Double(i) + 0.5) / Double(max(n, 1)) }
        svg.add(Axis.left(y, frame: frame, title: "\(s.analyte) (pg/mL)", grid: false, titleOffset: 54))
        svg.add(SVG.line(frame.left, frame.bottom, frame.right, frame.bottom, SVG.Stroke("#333")))
        svg.add(SVG.text(frame.left, 16, "\(s.control) · \(s.analyte)", size: 12.5, weight: "600"))
        if s.mean.isFinite {
            var levels: [(Double, String, SVG.Stroke)] = [(0, "mean", SVG.Stroke("#1d6b2f", width: 1.4))]
            if hasSD {
                for k in 1...3 {
                    let stroke =
                        k == 1
                        ? SVG.Stroke("#9aa7b0", width: 1, dash: "2 3")
                        : k == 2 ? SVG.Stroke("#d39e00", width: 1.1, dash: "5 3") : SVG.Stroke("#c0392b", width: 1.2, dash: "6 3")
                    levels.append((Double(k), "+\(k)SD", stroke))
                    levels.append((Double(-k), "−\(k)SD", stroke))
                }
            }
            for (k, label, stroke) in levels {
                let v = s.mean + k * (hasSD ? s.sd : 0)
                guard y.contains(v) else { continue }
                let yy = y.position(v)
                svg.add(
                    SVG.group(
                        [
                            SVG.line(frame.left, yy, frame.right, yy, stroke),
                            SVG.text(
                                frame.right + 4, yy, "\(label) \(CurveNumber.format(v, digits: 3))", size: 10,
                                color: stroke.color, baseline: "middle"),
                        ],
                        attributes: [("class", "sd-line"), ("data-sd", SVGNumber.format(k))]))
            }
        }
        // Runs joined in order, then the points on top.
        let line = s.runs.indices.compactMap { i in s.runs[i].value.isFinite ? (px(i), y.position(s.runs[i].value)) : nil }
        if line.count >= 2 { svg.add(SVG.polyline(line, SVG.Stroke("#555", width: 1))) }
        let fired = Dictionary(grouping: s.violations, by: \.index)
        for (i, r) in s.runs.enumerated() {
            let x = px(i)
            svg.add(
                SVG.text(
                    x, frame.bottom + 14, r.runDate.isEmpty ? "run \(i + 1)" : r.runDate, size: 9.5, anchor: .end,
                    color: "#333", rotate: -35))
            guard r.value.isFinite else {
                svg.add(SVG.text(x, frame.bottom - 6, "n.q.", size: 9.5, anchor: .middle, color: "#8a1c12"))
                continue
            }
            let rules = fired[i]?.map(\.rule) ?? []
            let reject = rules.contains(where: \.isRejection)
            let color = reject ? "#c0392b" : rules.isEmpty ? "#1f77b4" : "#d39e00"
            let tip =
                "batch \(r.batch), plate \(r.plateID), \(r.runDate): \(CurveNumber.format(r.value)) pg/mL, z = \(CurveNumber.format(s.z(i), digits: 3))"
                + (rules.isEmpty ? "" : "; " + rules.map(\.rawValue).joined(separator: ", "))
            var marks = [SVG.circle(cx: x, cy: y.position(r.value), r: 4.2, fill: color, stroke: SVG.Stroke("#fff", width: 1), title: tip)]
            if !rules.isEmpty {
                marks.append(
                    SVG.text(
                        x, y.position(r.value) - 8, rules.map(\.rawValue).joined(separator: " "), size: 9.5,
                        anchor: .middle, weight: "600", color: color))
            }
            svg.add(
                SVG.group(
                    marks,
                    attributes: [
                        ("class", rules.isEmpty ? "run" : "run violation"),
                        ("data-rules", rules.map(\.rawValue).joined(separator: " ")),
                    ]))
        }
        return svg
    }
}
