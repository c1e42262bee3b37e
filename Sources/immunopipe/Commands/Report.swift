import Analysis
import ArgumentParser
import Domain
import FileIO
import Foundation
import Report
import Store

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Change-from-baseline report linked to clinical response: CSV tables and one self-contained HTML page.",
        discussion: """
            Immune values come from the store's current generation. Clinical inputs are CSV files: \
            the assessments (long shape: subject, visit, date, instrument, item, value[, unit][, uln]) \
            and the first doses (subject, date[, period]), which define Day 1. With --clinical DIR the \
            files are looked up in DIR as clinical.csv and first_dose.csv; --first-dose overrides the \
            latter. The glucocorticoid log (glucocorticoids.csv) and the adverse-event listing \
            (adverse_events.csv) are taken from DIR too when present, or from --glucocorticoids and \
            --adverse-events: the daily prednisone-equivalent dose gets a change from baseline \
            (PARAMCD GC.PREDEQ) and treatment-emergent adverse events are tabulated (safety.csv). A blinded study is analysed with the arms pooled unless --unblind gives the \
            randomization file (subject, arm); it is never picked up from a directory.

            Writes report.html, cfb.csv, response.csv, summary.csv, associations.csv (and safety.csv) into --out, \
            and the same tables into the store as results/report-<STUDYID>-<time>-<blinded|unblinded>-<id>.h5. \
            The outputs are written into a fresh folder beside --out and swapped in whole at the end: \
            --out holds the previous complete report or the new one, never a mix (it must be new, \
            empty or an earlier report's folder). An unblinded report's files are readable by their \
            owner only. Problems in the \
            clinical files are printed with file:line:column and those rows skipped. Exit status: \
            0 report written, 1 report written but input rows were rejected, 2 no report.
            """)

    @Argument(help: "The study store.") var store: String
    @Option(help: ArgumentHelp("The study definition (YAML).", valueName: "pipelines/studies/X.yaml")) var study: String
    @Option(help: ArgumentHelp("Output directory (created if needed).", valueName: "DIR")) var out: String
    @Option(
        help: ArgumentHelp(
            "Clinical assessments CSV, or a directory holding clinical.csv and first_dose.csv.",
            valueName: "DIR_OR_FILE")) var clinical: String?
    @Option(name: .customLong("first-dose"), help: ArgumentHelp("First-dose CSV (subject, date[, period]).", valueName: "FILE"))
    var firstDose: String?
    @Option(
        help: ArgumentHelp(
            "Glucocorticoid log CSV (subject, drug, dose, start[, end]); default: glucocorticoids.csv in the --clinical directory.",
            valueName: "FILE"))
    var glucocorticoids: String?
    @Option(
        name: .customLong("adverse-events"),
        help: ArgumentHelp(
            "Adverse events CSV (subject, term, grade, onset[, serious]); default: adverse_events.csv in the --clinical directory.",
            valueName: "FILE"))
    var adverseEvents: String?
    @Option(help: ArgumentHelp("Randomization CSV (subject, arm): unblinds the analysis.", valueName: "RANDOMIZATION.csv"))
    var unblind: String?
    @Option(name: .customLong("trajectory-x"), help: "x of the subject trajectories: study-day (ADY) or visit (AVISITN).")
    var trajectoryX: ReportOptions.TrajectoryX = .studyDay
    @Option(name: .customLong("trajectory-y"), help: "y of the subject trajectories: aval (AVAL) or pchg (percent change).")
    var trajectoryY: ReportOptions.TrajectoryY = .value
    @Option(help: "Tables to make: all (tables, responses, statistics and the page) or cfb (the change-from-baseline table only).")
    var tables: ReportOptions.Tables = .all

    func run() throws {
        // One report per process: the column arrays it frees are better kept for the next
        // range and parameter than given back to the kernel and faulted in again.
        FreedMemory.keepForReuse()
        var rejectedRows = 0
        let summary = try CLIErrors.run { () throws -> ReportSummary in
            let files = try ClinicalInputs.resolve(clinical: clinical, firstDose: firstDose)
            let s = try StudyStore.open(at: store)
            var options = ReportOptions()
            options.trajectoryX = trajectoryX
            options.trajectoryY = trajectoryY
            options.tables = tables
            let request = ReportRun.Request(
                studyDefinition: study, clinical: files, glucocorticoids: glucocorticoids,
                adverseEvents: adverseEvents, randomization: unblind, out: out,
                command: (["immunopipe"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
                options: options)
            let line = ReportProgressLine()
            defer { line.finish() }
            let result = try ReportRun.run(store: s, request, progress: { line.update($0) })
            for d in result.diagnostics { Terminal.info(d.description) }
            rejectedRows = result.rejectedRows
            return result.summary
        }
        for w in summary.warnings.prefix(20) { Terminal.info("warning: \(w)") }
        if summary.warnings.count > 20 { Terminal.info("… \(summary.warnings.count - 20) more warnings (listed in the report)") }
        print(
            "\(summary.blinded ? "blinded (arms pooled)" : "unblinded"): \(summary.cfbRows) change-from-baseline rows, \(summary.responseRows) response results, \(summary.summaryRows) summary rows, \(summary.associationRows) association rows"
        )
        for f in summary.files { print("wrote \(f)") }
        if let r = summary.resultsPath { print("result tables stored in \(r)") }
        if !summary.html.isEmpty { print("report: \(summary.html)") }
        if rejectedRows > 0 { throw ExitCode(1) }
    }
}

extension ReportOptions.TrajectoryX: ExpressibleByArgument {}
extension ReportOptions.TrajectoryY: ExpressibleByArgument {}
extension ReportOptions.Tables: ExpressibleByArgument {}
