import Foundation
import Numerical

/// One analyte's standard curve on log–log axes: the standard wells (expected concentration ×
/// response; a standard outside the recovery range in red, an excluded one hollow), the fitted
/// 4PL/5PL drawn from the parameters ingest stored, and LLOQ/ULOQ as vertical dashed lines.
enum StandardCurvePlot {
    static let width = 360.0, height = 270.0

    static func render(_ curve: PlateQCData.Curve, standards: [PlateQCData.Standard]) -> SVGCanvas {
        var svg = SVGCanvas(
            width: width, height: height, kind: "standard-curve",
            title: "\(curve.analyte) standard curve (\(curve.plate))",
            description: "Standards and fitted \(curve.model.isEmpty ? "curve" : curve.model) on log–log axes")
        svg.attributes = [("data-analyte", curve.analyte)]
        let frame = PlotFrame(left: 62, top: 26, width: width - 92, height: height - 80)
        let points = standards.filter { $0.expected > 0 && $0.response > 0 && $0.expected.isFinite && $0.response.isFinite }
        var xs = points.map(\.expected) + [curve.lloq, curve.uloq].filter { $0 > 0 && $0.isFinite }
        var ys = points.map(\.response)
        if let fit = curve.curve, let lo = xs.min(), let hi = xs.max() {
            ys += [fit.response(at: lo), fit.response(at: hi)].filter { $0 > 0 && $0.isFinite }
        }
        guard let xLo = xs.min(), let xHi = xs.max(), let yLo = ys.min(), let yHi = ys.max() else {
            svg.add(SVG.text(width / 2, height / 2, "no standards with a positive response", size: 12, anchor: .middle, color: "#8a1c12"))
            return svg
        }
        xs = []
        let x = LogScale(lower: xLo, upper: xHi, range: frame.xRange)
        let y = LogScale(lower: yLo, upper: yHi, range: frame.yRange)
        svg.add(Axis.left(y, frame: frame, title: responseTitle(curve.response), titleOffset: 48))
        svg.add(Axis.bottom(x, frame: frame, title: "expected concentration (\(curve.unit.isEmpty ? "kit unit" : curve.unit))"))
        svg.add(
            SVG.text(
                frame.left, 16,
                "\(curve.analyte) · \(curve.model.isEmpty ? curve.status : curve.model)"
                    + (curve.r2.isFinite ? " · R² \(CurveNumber.format(curve.r2, digits: 5))" : ""), size: 12.5, weight: "600"))
        // Quantifiable range.
        for (value, label) in [(curve.lloq, "LLOQ"), (curve.uloq, "ULOQ")] where value > 0 && value.isFinite && x.contains(value) {
            let px = x.position(value)
            // LLOQ labelled right of its line, ULOQ left of it (and lower), so neither leaves the
            // frame nor overlaps the other.
            let isLow = label == "LLOQ"
            svg.add(
                SVG.group(
                    [
                        SVG.line(px, frame.top, px, frame.bottom, SVG.Stroke("#0b5394", width: 1.2, dash: "5 3")),
                        SVG.text(
                            isLow ? px + 3 : px - 3, frame.top + (isLow ? 10 : 22), "\(label) \(CurveNumber.format(value))",
                            size: 10.5, anchor: isLow ? .start : .end, color: "#0b5394"),
                    ],
                    attributes: [("class", "limit"), ("data-limit", label.lowercased()), ("data-value", CurveNumber.format(value))]))
        }
        // The fitted curve, sampled evenly in log concentration across the axis.
        if let fit = curve.curve {
            let l0 = log10(x.domain.lower), l1 = log10(x.domain.upper)
            let samples = (0...160).map { i -> (Double, Double)? in
                let c = pow(10, l0 + (l1 - l0) * Double(i) / 160)
                let r = fit.response(at: c)
                guard r > 0, r.isFinite, y.contains(r) else { return nil }
                return (x.position(c), y.position(r))
            }.compactMap { $0 }
            if samples.count >= 2 {
                let d = "M" + samples.map { "\(SVGNumber.format($0.0)),\(SVGNumber.format($0.1))" }.joined(separator: " L")
                svg.add("<path class=\"fit\" d=\"\(d)\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.6\"/>")
            }
        }
        for p in points {
            let bad = p.withinRange == "no"
            let excluded = p.status == "excluded"
            let tip =
                "\(p.standard) \(p.well): expected \(CurveNumber.format(p.expected)), response \(CurveNumber.format(p.response))"
                + (p.recoveryPercent.isFinite ? ", recovery \(CurveNumber.format(p.recoveryPercent, digits: 3)) %" : "")
                + (excluded ? " (excluded)" : "")
            svg.add(
                SVG.circle(
                    cx: x.position(p.expected), cy: y.position(p.response), r: 3.6,
                    fill: excluded ? "#fff" : (bad ? "#c0392b" : "#1f77b4"),
                    stroke: SVG.Stroke(bad || excluded ? "#c0392b" : "#174f7a", width: 1), title: tip))
        }
        return svg
    }

    static func responseTitle(_ response: String) -> String {
        switch response {
        case "net_mfi": return "net MFI"
        case "mfi": return "MFI"
        case "adjusted_signal": return "adjusted signal"
        case "": return "response"
        default: return response.replacingOccurrences(of: "_", with: " ")
        }
    }
}
