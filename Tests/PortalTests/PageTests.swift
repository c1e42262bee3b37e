import Domain
import Testing

@testable import Portal

@Suite("Portal pages as functions of data") struct PageTests {
    let viewer = Viewer(name: "lab-a", role: "lab", study: "NCT1", site: "A", csrf: "tok")

    @Test func verdictGroupsProblemsByCodeErrorsFirstWithTheirPlaces() {
        let v = Verdict(
            batch: 7, stored: 10, rejected: 2, warnings: 1,
            files: [.init(name: "p<1>.csv", format: "xponent-csv", rows: 10, rejected: 2, warnings: 1, outcome: "stored", message: "")],
            diagnostics: [
                .init(.warning(SourceLocation(file: "p<1>.csv", line: 3, column: 0), code: "low-bead-count", "12 beads")),
                .init(.error(SourceLocation(file: "p<1>.csv", line: 9, column: 4), code: "non-numeric-value", "'abc'")),
                .init(.error(SourceLocation(file: "p<1>.csv", line: 11, column: 4), code: "non-numeric-value", "'x'")),
            ])
        let page = VerdictPage.render(viewer: viewer, study: "NCT1", verdict: v, site: "A")
        #expect(page.contains("p&lt;1&gt;.csv:9:4") && page.contains("p&lt;1&gt;.csv:11:4") && page.contains("p&lt;1&gt;.csv:3"))
        #expect(!page.contains("p<1>"))
        let error = page.range(of: "non-numeric-value</code> (2)")!, warning = page.range(of: "low-bead-count</code> (1)")!
        #expect(error.lowerBound < warning.lowerBound)
        #expect(!page.contains("Plate QC"))
        // Each group says what the code means and what to do, from the diagnostic catalogue.
        #expect(page.contains(HTML.escape(DiagnosticCatalogue.entry("non-numeric-value")!.advice)))
        #expect(page.contains(HTML.escape(DiagnosticCatalogue.entry("low-bead-count")!.meaning)))
        let linked = VerdictPage.render(viewer: viewer, study: "NCT1", verdict: v, site: "A", plateQC: { "/studies/NCT1/batches/\($0)/qc" })
        #expect(linked.contains("href=\"/studies/NCT1/batches/7/qc\""))
    }

    @Test func aFloodOfOneWarningShowsTheFirstPlacesAndFoldsTheRest() {
        let many = (1...1200).map { i in
            Verdict.Problem(
                .warning(SourceLocation(file: "serology.csv", line: i + 40, column: 3), code: "low-bead-count", "\(i % 40) beads"))
        }
        let v = Verdict(
            batch: 3, stored: 1200, rejected: 0, warnings: 1200,
            files: [
                .init(name: "serology.csv", format: "xponent-csv", rows: 1200, rejected: 0, warnings: 1200, outcome: "stored", message: "")
            ],
            diagnostics: many)
        let page = VerdictPage.render(viewer: viewer, study: "NCT1", verdict: v, site: "A")
        #expect(page.contains("low-bead-count</code> (1200)"))
        let folded = try! #require(page.range(of: "<details><summary>1190 more</summary>"))
        #expect(page.range(of: "serology.csv:50:3")!.lowerBound < folded.lowerBound) // the 10th place is shown
        #expect(page.range(of: "serology.csv:51:3")!.lowerBound > folded.lowerBound) // the 11th is folded
        #expect(page.contains("1000 more (all in the API&#39;s verdict)") || page.contains("1000 more (all in the API's verdict)"))
    }

    @Test func overviewGroupsBySiteThenDay() {
        let rows = [
            BatchRow(
                id: 1, site: "B", created: "2026-12-01T10:00:00Z", user: "portal:b", rows: 5, rejected: 0, warnings: 0, files: ["x.csv"]),
            BatchRow(
                id: 2, site: "A", created: "2026-12-02T10:00:00Z", user: "portal:a", rows: 6, rejected: 1, warnings: 0, files: ["y.csv"]),
            BatchRow(
                id: 3, site: "A", created: "2026-12-01T09:00:00Z", user: "portal:a", rows: 7, rejected: 0, warnings: 2, files: ["z.csv"]),
        ]
        let page = OverviewPage.render(viewer: viewer, study: "NCT1", batches: rows)
        let a = page.range(of: "Site A")!.lowerBound, b = page.range(of: "Site B")!.lowerBound
        let d2 = page.range(of: "2026-12-02</h3>")!.lowerBound, d1 = page.range(of: "2026-12-01</h3>")!.lowerBound
        #expect(a < b && a < d2 && d2 < d1 && d1 < b)
    }

    @Test func everyFormCarriesTheCSRFTokenAndTheUploadFormWorksWithoutScript() {
        let upload = UploadPage.render(viewer: viewer, study: "NCT1", maxBytes: 1 << 20)
        #expect(upload.contains("enctype=\"multipart/form-data\"") && upload.contains("name=\"csrf\" value=\"tok\""))
        #expect(upload.contains("action=\"/studies/NCT1/upload\""))
        let stat = Viewer(name: "s", role: "statistician", study: "NCT1", site: nil, csrf: "tok")
        let reports = ReportsPage.render(
            viewer: stat, study: "NCT1",
            reports: [ReportRow(id: 1, created: "t", user: "s", blinded: false, files: ["cfb.csv", "report.html"])])
        #expect(reports.contains("name=\"randomization\"") && reports.contains("name=\"csrf\" value=\"tok\""))
        #expect(reports.contains("href=\"/studies/NCT1/reports/1/files/cfb.csv\" download"))
        #expect(
            !ReportsPage.render(
                viewer: Viewer(name: "r", role: "researcher", study: "NCT1", site: nil, csrf: "t"), study: "NCT1", reports: []
            )
            .contains("name=\"randomization\""))
        #expect(!upload.contains("http://") && !upload.contains("https://"))
    }

    @Test func escaping() {
        #expect(HTML.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(HTML.segment("NCT1/../x y") == "NCT1%2F..%2Fx%20y")
    }
}
