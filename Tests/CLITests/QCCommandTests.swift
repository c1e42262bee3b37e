import Foundation
import Testing

/// `immunopipe qc` on a store built from the sample data as `make demo` builds it.
@Suite struct QCCommandTests {
    static let study = "NCT04062006"
    static var data: URL { CLI.packageRoot.appendingPathComponent("sample-data/\(study)") }

    func buildStore() throws -> (store: String, dir: URL) {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", Self.study]).status == 0)
        let ingest = try CLI.run([
            "ingest", store, Self.data.appendingPathComponent("exports").path,
            "--panel", CLI.packageRoot.appendingPathComponent("pipelines/panels/treg-tfh-flowjo.yaml").path,
            "--manifest", Self.data.appendingPathComponent("manifest.csv").path,
        ])
        #expect(ingest.status == 0 || ingest.status == 1, "\(ingest.stderr)")
        return (store, dir)
    }

    /// The `<td>` of one coverage cell.
    func cell(_ html: String, _ subject: String, _ visit: String, _ assay: String) -> String? {
        let key = "data-subject=\"\(subject)\" data-visit=\"\(visit)\" data-assay=\"\(assay)\""
        guard let r = html.range(of: key) else { return nil }
        let start = html[..<r.lowerBound].range(of: "<td class=\"", options: .backwards)!.upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    @Test func coverageMarksTheUnsampledVisitMissingAndTheFlowSamplesOfTheFilesReceived() throws {
        let (store, dir) = try buildStore()
        let out = dir.appendingPathComponent("qc").path
        let r = try CLI.run([
            "qc", store, "--coverage", "--study", CLI.packageRoot.appendingPathComponent("pipelines/studies/\(Self.study).yaml").path,
            "--manifest", Self.data.appendingPathComponent("manifest.csv").path, "--out", out,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out + "/coverage.html", encoding: .utf8)
        // Subjects and their samples, from the manifest and the FlowJo exports themselves.
        let manifest = try String(contentsOf: Self.data.appendingPathComponent("manifest.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let subjects = Set(manifest.map { $0[1] })
        let flowDir = Self.data.appendingPathComponent("exports/flowjo")
        let flow = try FileManager.default.contentsOfDirectory(atPath: flowDir.path)
            .flatMap { try String(contentsOf: flowDir.appendingPathComponent($0), encoding: .utf8).split(whereSeparator: \.isNewline) }
        #expect(!subjects.isEmpty)
        for s in subjects {
            // The study schedules Week 2; no site sampled it (no W2 in the manifest): missing for both assays.
            #expect(cell(html, s, "Week 2", "cytometry") == "missing")
            #expect(cell(html, s, "Week 2", "cytokine") == "missing")
            for (label, visit) in [("BASELINE", "Baseline"), ("W4", "Week 4"), ("W8", "Week 8"), ("W12", "Week 12"), ("W24", "Week 24")] {
                let inFiles = flow.contains { $0.hasPrefix("\(s)_\(label)_") }
                #expect(cell(html, s, visit, "cytometry") == (inFiles ? "received" : "missing"), "\(s) \(visit)")
            }
        }
    }

    @Test func plateQCAndLeveyJenningsPagesAreWrittenAndAnUnknownBatchIsRefused() throws {
        let (store, dir) = try buildStore()
        let out = dir.appendingPathComponent("qc").path
        var r = try CLI.run(["qc", store, "--batch", "1", "--levey-jennings", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: out + "/batch-1-qc.html", encoding: .utf8)
        #expect(page.contains("data-plot=\"standard-curve\"") || page.contains("Cytometry QC"))
        #expect(FileManager.default.fileExists(atPath: out + "/levey-jennings.html"))
        r = try CLI.run(["qc", store, "--batch", "999", "--out", out])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no committed batch 999"))
        r = try CLI.run(["qc", store, "--out", out])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--batch N, --levey-jennings or --coverage"))
    }
}

@Suite struct QCCoverageRejectionTests {
    @Test func aRowRejectedForItsSubjectAndVisitMakesTheCellRejected() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT04062006"]).status == 0)
        // A long-format file: one good IL6 value for PM01-001 at W4, one unreadable at W2.
        let tidy = dir.appendingPathComponent("lims-late.csv")
        try """
        subject,visit,date,assay,analyte,statistic,value,unit
        PM01-001,W4,2020-02-17,cytokine,IL6,concentration,12.5,pg/mL
        PM01-001,W2,2020-02-05,cytokine,IL6,concentration,abc,pg/mL

        """.write(to: tidy, atomically: true, encoding: .utf8)
        let ingest = try CLI.run(["ingest", store, tidy.path])
        #expect(ingest.status == 1, "\(ingest.stderr)") // a row rejected
        #expect((ingest.stdout + ingest.stderr).contains("lims-late.csv:3:"))
        let out = dir.appendingPathComponent("qc").path
        let r = try CLI.run([
            "qc", store, "--coverage", "--study",
            CLI.packageRoot.appendingPathComponent("pipelines/studies/NCT04062006.yaml").path, "--out", out,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out + "/coverage.html", encoding: .utf8)
        func cell(_ visit: String, _ assay: String) -> String? {
            let key = "data-subject=\"PM01-001\" data-visit=\"\(visit)\" data-assay=\"\(assay)\""
            guard let k = html.range(of: key) else { return nil }
            let start = html[..<k.lowerBound].range(of: "<td class=\"", options: .backwards)!.upperBound
            return String(html[start...].prefix { $0 != "\"" })
        }
        #expect(cell("Week 4", "cytokine") == "received")
        #expect(cell("Week 2", "cytokine") == "rejected")
        #expect(cell("Week 2", "cytometry") == "missing") // the rejected line says cytokine
        #expect(cell("Baseline", "cytokine") == "missing")
        #expect(html.contains("lims-late.csv (batch 1)"))
    }
}
