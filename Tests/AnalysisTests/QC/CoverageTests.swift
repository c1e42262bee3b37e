import Testing

@testable import Analysis

@Suite struct SampleCoverageTests {
    let visits: [(name: String, number: Double)] = [("Baseline", 0), ("Week 4", 4), ("Week 12", 12)]

    @Test func visitLabelsMatchByNameOrWeekNumber() {
        #expect(VisitLabel.match("BASELINE", visits: visits) == "Baseline")
        #expect(VisitLabel.match("W4", visits: visits) == "Week 4")
        #expect(VisitLabel.match("Week 12", visits: visits) == "Week 12")
        #expect(VisitLabel.match("wk12", visits: visits) == "Week 12")
        #expect(VisitLabel.match("W8", visits: visits) == nil)
        #expect(VisitLabel.match("SCREENING", visits: visits) == nil)
    }

    @Test func aKnownMissingVisitIsMissingAndARejectedSampleIsRejected() {
        // S1 has everything; S2 has no Week 4 flow sample; S3's Week 12 cytokine row was rejected;
        // S4 is expected (manifest) but nothing arrived.
        var obs: [CoverageObservation] = []
        for s in ["S1", "S2", "S3"] {
            for v in ["BASELINE", "W4", "W12"] {
                if !(s == "S2" && v == "W4") { obs.append(.init(subject: s, visit: v, assay: "cytometry", file: "flow.csv")) }
                if !(s == "S3" && v == "W12") { obs.append(.init(subject: s, visit: v, assay: "cytokine", file: "plate.csv")) }
            }
        }
        obs.append(.init(subject: "S1", visit: "UNSCHEDULED", assay: "cytometry", file: "flow.csv"))
        let rejections = [
            CoverageRejection(file: "plate2.csv", assay: "cytokine", message: "sample S3_W12: IL6 value 'abc' is not a number"),
            CoverageRejection(file: "flow2.csv", assay: "cytometry", message: "sample S30_W4: empty value"),
        ]
        let c = SampleCoverageBuilder.build(
            visits: visits, subjects: ["S4"], assays: ["cytometry", "cytokine"],
            observations: obs, rejections: rejections)
        #expect(c.subjects == ["S1", "S2", "S3", "S4"])
        #expect(c.cell("S2", "Week 4", "cytometry")?.status == .missing)
        #expect(c.cell("S2", "Week 4", "cytokine")?.status == .received)
        #expect(c.cell("S3", "Week 12", "cytokine")?.status == .rejected)
        #expect(c.cell("S3", "Week 12", "cytokine")?.files == ["plate2.csv"])
        // The S30 rejection does not name S3 (whole token), nor a flow cell of S3.
        #expect(c.cell("S3", "Week 4", "cytometry")?.status == .received)
        #expect((["Baseline", "Week 4", "Week 12"]).allSatisfy { v in c.cell("S4", v, "cytometry")?.status == .missing })
        #expect(c.count(.received) == 16)
        #expect(c.count(.rejected) == 1)
        #expect(c.count(.missing) == 7)
        #expect(c.unscheduled == ["UNSCHEDULED": ["S1"]])
    }
}
