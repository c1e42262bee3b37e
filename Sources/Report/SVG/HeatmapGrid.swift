/// A grid of coloured cells with the value printed in each: rows and columns are categories,
/// colour comes from a diverging scale of each cell's normalised value (−1…1). Only the Report
/// target draws heat maps, so the grid and its cells are built with their memberwise initialisers.
public struct HeatmapGrid: Sendable {
    public struct Cell: Sendable {
        public var row: Int
        public var column: Int
        /// −1…1 for the colour; NaN for an empty cell.
        public var normalised: Double
        public var text: String
        public var tooltip: String
        /// `data-*` attributes that let a reader (or a test) recover the exact value.
        public var attributes: [(String, String)]
    }

    public var left: Double
    public var top: Double
    public var cellWidth: Double
    public var cellHeight: Double

    public func render(_ cells: [Cell]) -> [String] {
        let scale = DivergingColorScale()
        var out: [String] = []
        for c in cells {
            let x = left + Double(c.column) * cellWidth, y = top + Double(c.row) * cellHeight
            let empty = c.normalised.isNaN
            out.append(
                SVG.rect(
                    x: x, y: y, width: cellWidth, height: cellHeight, fill: empty ? "#efefef" : scale.color(c.normalised),
                    stroke: SVG.Stroke("#fff", width: 1.5), attributes: [("class", "cell")] + c.attributes, title: c.tooltip))
            out.append(
                SVG.text(
                    x + cellWidth / 2, y + cellHeight / 2, c.text, size: 10.5, anchor: .middle,
                    color: !empty && scale.needsLightText(c.normalised) ? "#fff" : (empty ? "#888" : "#1a1a1a"),
                    baseline: "central"))
        }
        return out
    }
}
