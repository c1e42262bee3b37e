import Analysis
import ArgumentParser
import Foundation
import Ingest
import Report
import Store

struct QCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qc",
        abstract:
            "QC pages (self-contained HTML) for labs and data managers: plate or cytometry QC of a batch, Levey-Jennings charts, sample coverage.",
        discussion: """
            Reads the store's current generation and writes one page per request into --out:
              --batch N          batch-N-qc.html: plate QC (standard curves, recovery, controls, replicate %CV, \
            bead counts) of a cytokine batch, or the key populations against plausible ranges of a flow batch \
            (--panel FILE: the panel's plausibility overrides; the population catalogue otherwise). Repeatable.
              --levey-jennings   levey-jennings.html: every control × analyte across all plates, Westgard rules.
              --coverage         coverage.html: subject × visit × assay matrix; needs --study (visits) and takes \
            --manifest (expected subjects).
            The portal serves the same pages. Exit status: 0 pages written, 2 nothing written.
            """)

    @Argument(help: "The study store.") var store: String
    @Option(help: ArgumentHelp("Output directory (created if needed).", valueName: "DIR")) var out: String
    @Option(help: ArgumentHelp("Batch id for a plate / cytometry QC page (repeatable).", valueName: "N")) var batch: [Int64] = []
    @Flag(name: .customLong("levey-jennings"), help: "Levey-Jennings charts with Westgard rules across the study's plates.")
    var leveyJennings = false
    @Flag(help: "Sample-coverage matrix (needs --study).") var coverage = false
    @Option(help: ArgumentHelp("The study definition (YAML), for --coverage.", valueName: "pipelines/studies/X.yaml")) var study: String?
    @Option(help: ArgumentHelp("Sample manifest CSV: its subjects are expected in --coverage.", valueName: "FILE")) var manifest: String?
    @Option(help: ArgumentHelp("Panel YAML whose plausibility ranges the cytometry QC uses.", valueName: "FILE")) var panel: String?

    func validate() throws {
        if batch.isEmpty && !leveyJennings && !coverage {
            throw ValidationError("say which page: --batch N, --levey-jennings or --coverage")
        }
        if coverage && study == nil { throw ValidationError("--coverage needs --study pipelines/studies/X.yaml (its visits)") }
    }

    func run() throws {
        try CLIErrors.run {
            let s = try StudyStore.open(at: store)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let plausibility = try panel.map { try Panel.load(path: $0).plausibility } ?? [:]
            for id in batch {
                try write(try PlateQCPage.html(store: s, batch: id, plausibility: plausibility), "batch-\(id)-qc.html")
            }
            if leveyJennings { try write(try LeveyJenningsPage.html(store: s), "levey-jennings.html") }
            if coverage, let study {
                let definition = try StudyDefinition.load(path: study)
                let subjects = try manifest.map { try SampleManifest.load(path: $0).manifest.subjects } ?? []
                try write(try CoveragePage.html(store: s, study: definition, expectedSubjects: subjects), "coverage.html")
            }
        }
    }

    private func write(_ html: String, _ name: String) throws {
        let path = (out as NSString).appendingPathComponent(name)
        try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        print(path)
    }
}
