import Analysis
import Foundation
import Testing

@testable import Report

@Suite struct PlotTests {
    @Test func trajectoriesDrawOneLinePerSubjectOnTheChosenAxes() throws {
        let data = try Fixture.data(unblinded: false)
        let treg = try #require(data.parameters.first { $0.code == "TREG.FREQ_OF.CD4" })
        #expect(treg.label == "TREG (% of CD4)" && treg.changeUnit == "percentage points")

        let byDay = try #require(
            TrajectoryPlot.render(data, rows: AnalysedRows(data.dataset.records), parameter: treg, options: ReportOptions())
        ).render()
        #expect(byDay.contains("Study day (Day 1 = first dose)") && byDay.contains(">TREG (% of CD4)</text>"))
        for s in Fixture.subjects { #expect(byDay.contains("<title>\(s)</title></polyline>")) }

        var options = ReportOptions()
        options.trajectoryX = .visitNumber
        options.trajectoryY = .percentChange
        let byVisit = try #require(TrajectoryPlot.render(data, rows: AnalysedRows(data.dataset.records), parameter: treg, options: options))
            .render()
        #expect(byVisit.contains("Analysis visit (AVISITN)") && byVisit.contains("Change from baseline (%)"))
        // AVISITN 0, 4, 12 on a 0…12 axis: the x ticks are labelled on visit numbers, not days.
        #expect(!byVisit.contains(">85</text>"))
    }

    @Test func cytokinesSpanningOrdersOfMagnitudeGetALogAxis() throws {
        var data = try Fixture.data(unblinded: false)
        let il6 = try #require(data.parameters.first { $0.code == "IL6" })
        // The fixture's IL6 spans 5–44 pg/mL: linear.
        #expect(
            !(try #require(TrajectoryPlot.render(data, rows: AnalysedRows(data.dataset.records), parameter: il6, options: ReportOptions()))
                .render().contains("log scale")))
        // Make one subject's values 1000× larger: now a log axis.
        for i in data.dataset.records.indices
        where data.dataset.records[i].parameterCode == "IL6" && data.dataset.records[i].subject == "S8" {
            data.dataset.records[i].value *= 1000
        }
        #expect(
            try #require(TrajectoryPlot.render(data, rows: AnalysedRows(data.dataset.records), parameter: il6, options: ReportOptions()))
                .render().contains("log scale"))
    }

    @Test func boxPlotsGroupByResponseAtEachVisit() throws {
        let data = try Fixture.data(unblinded: false)
        let il6 = try #require(data.parameters.first { $0.code == "IL6" })
        let svg = try #require(ChangeBoxPlot.render(data, rows: AnalysedRows(data.dataset.records), parameter: il6)).render()
        let boxes = try Fixture.captures(#"class="box" data-visit="([^"]+)" data-group="([^"]+)" data-n="(\d+)""#, in: svg)
        // Week 4 and Week 12 (baseline has no change), responders (S1, S2, S3, S6) and non-responders.
        #expect(boxes.map { $0.joined(separator: "/") }.sorted() == ["Week 12/N/4", "Week 12/Y/4", "Week 4/N/4", "Week 4/Y/4"])
    }

    @Test func unblindedPlotsHaveOnePanelPerArm() throws {
        let data = try Fixture.data(unblinded: true)
        #expect(data.panels.map(\.arm) == ["OMEGA", "ZETA"])
        let il6 = try #require(data.parameters.first { $0.code == "IL6" })
        let svg = try #require(ChangeBoxPlot.render(data, rows: AnalysedRows(data.dataset.records), parameter: il6)).render()
        let boxes = try Fixture.captures(#"class="box" data-visit="([^"]+)" data-group="([^"]+)" data-n="(\d+)""#, in: svg)
        #expect(boxes.count == 8 && boxes.map { Int($0[2])! }.reduce(0, +) == 16)
    }
}
