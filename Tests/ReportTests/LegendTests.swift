import Analysis
import Foundation
import Testing

@testable import Report

/// Legends wrap rather than run off the figure: the trajectory legend used to cut its last
/// entry ("thick: median per visit") at the right edge.
@Suite struct LegendTests {
    /// Left x and label of every `<text>` element in `svg`.
    static func texts(_ svg: String) throws -> [(x: Double, label: String)] {
        try Fixture.captures(#"<text x="([-0-9.]+)"[^>]*>([^<]*)</text>"#, in: svg).map { (Double($0[0])!, $0[1]) }
    }

    @Test func trajectoryLegendEntriesEndWithinTheFigure() throws {
        for unblinded in [false, true] {
            let data = try Fixture.data(unblinded: unblinded)
            let p = try #require(data.parameters.first)
            let canvas = try #require(
                TrajectoryPlot.render(data, rows: AnalysedRows(data.dataset.records), parameter: p, options: ReportOptions()))
            let svg = canvas.render()
            let legend = try Self.texts(svg).filter {
                $0.label.hasPrefix("thick:") || $0.label.contains("responder")
                    || $0.label.contains("not assessed") || $0.label == "subject"
            }
            #expect(legend.contains { $0.label == "thick: median per visit" })
            for t in legend {
                // The label's estimated end (the same estimate the layout uses) inside the width.
                #expect(t.x + TextWidth.estimate(t.label, size: 11.5) <= canvas.width, "\(t.label) runs off the figure")
            }
        }
    }

    @Test func entriesWrapToANewRowInsteadOfPassingTheWidth() {
        let entries = ["first entry", "second entry", "a third, longer entry"].map { Legend.Entry($0, color: "#000") }
        let one = Legend.horizontal(entries, x: 10, y: 50, swatch: .line)
        let wrapped = Legend.horizontal(entries, x: 10, y: 50, swatch: .line, maxWidth: 200)
        #expect(Legend.rowCount(entries, maxWidth: .infinity) == 1)
        #expect(Legend.rowCount(entries, maxWidth: 200) > 1)
        #expect(wrapped.width <= 200 + 18)
        #expect(one.elements != wrapped.elements)
        // Unbounded, the layout is the one it always was: entries one after the other.
        let widths = entries.map { 24 + TextWidth.estimate($0.label, size: 11.5) + 18 }
        #expect(abs(one.width - widths.reduce(0, +)) < 1e-9)
    }
}
