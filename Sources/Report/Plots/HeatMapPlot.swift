import Analysis

/// Analyte × visit heat map of the median change from baseline (CHG, primary BASETYPE), one
/// column per visit and, when unblinded, per arm. Analytes are in different units, so each
/// row's colours are scaled to that row's largest |median|; the number in each cell is the
/// median itself, in the analyte's unit.
public enum HeatMapPlot {
    public struct Cell: Sendable, Hashable {
        public var parameterCode: String
        public var visit: String
        public var arm: String
        public var median: Double
        public var n: Int
    }

    /// The cells, from the summary rows over all response groups.
    public static func cells(_ data: ReportData) -> [Cell] {
        let wanted = Set(data.parameters.map(\.code))
        return data.summaries.filter {
            wanted.contains($0.parameterCode) && $0.variable == "CHG" && $0.criterion.isEmpty
                && $0.response == SummaryRow.allResponses && $0.basetype == data.study.baseline.basetype && $0.summary.n > 0
        }.map { Cell(parameterCode: $0.parameterCode, visit: $0.visit, arm: $0.arm, median: $0.summary.median, n: $0.summary.n) }
    }

    public static func render(_ data: ReportData) -> SVGCanvas? {
        let cells = cells(data)
        guard !cells.isEmpty else { return nil }
        let rows = data.parameters.filter { p in cells.contains { $0.parameterCode == p.code } }
        let visits = data.visitOrder.map(\.name).filter { v in cells.contains { $0.visit == v } }
        let arms = data.arms.count > 1 ? data.arms : [SummaryRow.allArms]
        let columns = visits.flatMap { v in arms.map { (visit: v, arm: $0) } }
        let index = Dictionary(cells.map { ("\($0.parameterCode)|\($0.visit)|\($0.arm)", $0) }, uniquingKeysWith: { a, _ in a })

        let labelSize = 11.5
        let labelWidth = rows.map { TextWidth.estimate($0.label, size: labelSize) }.max() ?? 100
        let cellWidth = 74.0, cellHeight = 24.0
        let left = labelWidth + 18, top = arms.count > 1 ? 66.0 : 48.0
        let gridWidth = cellWidth * Double(columns.count)
        let width = max(left + gridWidth + 24, 520)
        let height = top + cellHeight * Double(rows.count) + 78
        var canvas = SVGCanvas(
            width: width, height: height, kind: "heatmap",
            title: "Median change from baseline by analyte and visit",
            description:
                "Rows: analytes; columns: analysis visits\(arms.count > 1 ? " by arm" : ""). Cell text: median CHG in the analyte's unit; colour scaled per analyte."
        )
        canvas.add(
            SVG.text(
                10, 18, "Median change from baseline (CHG)\(data.blinded ? ", arms pooled (blinded)" : "")",
                size: 13.5, weight: "bold", color: "#111"))

        // Column headers: visit, then arm under it.
        for (i, v) in visits.enumerated() {
            let x = left + Double(i * arms.count) * cellWidth + cellWidth * Double(arms.count) / 2
            canvas.add(SVG.text(x, top - (arms.count > 1 ? 26 : 8), v, size: 11.5, anchor: .middle, weight: "bold", color: "#222"))
            if arms.count > 1 {
                for (j, a) in arms.enumerated() {
                    let ax = left + Double(i * arms.count + j) * cellWidth + cellWidth / 2
                    canvas.add(SVG.text(ax, top - 8, a, size: 10.5, anchor: .middle, color: "#444"))
                }
            }
        }
        for (r, p) in rows.enumerated() {
            canvas.add(
                SVG.text(
                    left - 8, top + Double(r) * cellHeight + cellHeight / 2, p.label, size: labelSize,
                    anchor: .end, color: "#222", baseline: "central"))
        }

        var gridCells: [HeatmapGrid.Cell] = []
        for (r, p) in rows.enumerated() {
            let rowCells = columns.compactMap { index["\(p.code)|\($0.visit)|\($0.arm)"] }
            let maxAbs = rowCells.map { abs($0.median) }.filter(\.isFinite).max() ?? 0
            for (c, col) in columns.enumerated() {
                guard let cell = index["\(p.code)|\(col.visit)|\(col.arm)"], cell.median.isFinite else {
                    gridCells.append(
                        HeatmapGrid.Cell(
                            row: r, column: c, normalised: .nan, text: "–",
                            tooltip: "\(p.label), \(col.visit): no change values", attributes: []))
                    continue
                }
                let t = maxAbs > 0 ? cell.median / maxAbs : 0
                let armText = col.arm == SummaryRow.allArms ? "" : ", \(col.arm)"
                gridCells.append(
                    HeatmapGrid.Cell(
                        row: r, column: c, normalised: t, text: DisplayNumber.format(cell.median, digits: 2, signed: true),
                        tooltip:
                            "\(p.label), \(col.visit)\(armText): median CHG \(DisplayNumber.format(cell.median)) \(p.changeUnit), n = \(cell.n)",
                        attributes: [
                            ("data-paramcd", p.code), ("data-visit", col.visit), ("data-arm", col.arm),
                            ("data-median-chg", "\(cell.median)"), ("data-n", "\(cell.n)"),
                        ]))
            }
        }
        canvas.add(HeatmapGrid(left: left, top: top, cellWidth: cellWidth, cellHeight: cellHeight).render(gridCells))
        // Arm groups separated by a thicker line between visits.
        if arms.count > 1 {
            for i in 1..<max(1, visits.count) {
                let x = left + Double(i * arms.count) * cellWidth
                canvas.add(SVG.line(x, top, x, top + cellHeight * Double(rows.count), SVG.Stroke("#fff", width: 4)))
            }
        }
        let bar = Legend.colorBar(
            x: left, y: top + cellHeight * Double(rows.count) + 36, width: min(260, max(160, gridWidth)),
            gradientID: "heatmap-scale", labels: ("largest decrease", "0", "largest increase"),
            caption: "Colour: median CHG relative to the analyte's largest |median CHG|")
        canvas.define(bar.definition)
        canvas.add(bar.elements)
        return canvas
    }
}
