import Analysis
import ArgumentParser
import Domain
import Foundation
import Readers
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
        and the same tables into the store as results/report-<STUDYID>-<time>.h5. Problems in the \
        clinical files are printed with file:line:column and those rows skipped. Exit status: \
        0 report written, 1 report written but input rows were rejected, 2 no report.
        """)

    @Argument(help: "The study store.") var store: String
    @Option(help: ArgumentHelp("The study definition (YAML).", valueName: "pipelines/studies/X.yaml")) var study: String
    @Option(help: ArgumentHelp("Output directory (created if needed).", valueName: "DIR")) var out: String
    @Option(help: ArgumentHelp("Clinical assessments CSV, or a directory holding clinical.csv and first_dose.csv.",
                               valueName: "DIR_OR_FILE")) var clinical: String?
    @Option(name: .customLong("first-dose"), help: ArgumentHelp("First-dose CSV (subject, date[, period]).", valueName: "FILE"))
    var firstDose: String?
    @Option(help: ArgumentHelp("Glucocorticoid log CSV (subject, drug, dose, start[, end]); default: glucocorticoids.csv in the --clinical directory.",
                               valueName: "FILE"))
    var glucocorticoids: String?
    @Option(name: .customLong("adverse-events"),
            help: ArgumentHelp("Adverse events CSV (subject, term, grade, onset[, serious]); default: adverse_events.csv in the --clinical directory.",
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
        var rejectedRows = 0
        let summary = try CLIErrors.run { () throws -> ReportSummary in
            let definition = try StudyDefinition.load(path: study)
            let files = try ClinicalInputs.resolve(clinical: clinical, firstDose: firstDose)
            var inputs: [(role: String, path: String)] = [("study definition", study)]
            var assessments: [ClinicalAssessment] = []
            if let path = files.assessments {
                let r = try ClinicalAssessmentReader().read(SourceFile(path: path))
                rejectedRows += report(r.diagnostics)
                assessments = r.records
                inputs.append(("clinical assessments", path))
            }
            var steroids: [GlucocorticoidDose]?
            if let path = glucocorticoids ?? files.optional(ClinicalInputs.glucocorticoidsName) {
                let r = try GlucocorticoidReader().read(SourceFile(path: path))
                rejectedRows += report(r.diagnostics)
                steroids = r.records
                inputs.append(("glucocorticoids", path))
            }
            var events: [AdverseEvent]?
            if let path = adverseEvents ?? files.optional(ClinicalInputs.adverseEventsName) {
                let r = try AdverseEventReader().read(SourceFile(path: path))
                rejectedRows += report(r.diagnostics)
                events = r.records
                inputs.append(("adverse events", path))
            }
            let doses = try FirstDoseReader().read(SourceFile(path: files.firstDoses))
            rejectedRows += report(doses.diagnostics)
            inputs.append(("first doses", files.firstDoses))
            var arms: [ArmAssignment]?
            if let unblind {
                let r = try RandomizationReader().read(SourceFile(path: unblind))
                rejectedRows += report(r.diagnostics)
                arms = r.records
                inputs.append(("randomization", unblind))
            }
            let s = try StudyStore.open(at: store)
            let command = (["immunopipe"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
            var options = ReportOptions()
            options.trajectoryX = trajectoryX
            options.trajectoryY = trajectoryY
            options.tables = tables
            let line = ReportProgressLine()
            defer { line.finish() }
            return try ReportBuilder.build(store: s, study: definition, clinical: assessments, glucocorticoids: steroids,
                                           adverseEvents: events, firstDoses: doses.records,
                                           randomization: arms, out: out, inputs: inputs, command: command, options: options,
                                           progress: { line.update($0) })
        }
        for w in summary.warnings.prefix(20) { Terminal.info("warning: \(w)") }
        if summary.warnings.count > 20 { Terminal.info("… \(summary.warnings.count - 20) more warnings (listed in the report)") }
        print("\(summary.blinded ? "blinded (arms pooled)" : "unblinded"): \(summary.cfbRows) change-from-baseline rows, \(summary.responseRows) response results, \(summary.summaryRows) summary rows, \(summary.associationRows) association rows")
        for f in summary.files { print("wrote \(f)") }
        if let r = summary.resultsPath { print("result tables stored in \(r)") }
        if !summary.html.isEmpty { print("report: \(summary.html)") }
        if rejectedRows > 0 { throw ExitCode(1) }
    }

    /// Prints a reader's diagnostics; returns how many rows they rejected.
    private func report(_ diagnostics: [Diagnostic]) -> Int {
        for d in diagnostics { Terminal.info(d.description) }
        return diagnostics.filter { $0.severity == .error }.count
    }
}

/// Where the clinical files are: `--clinical` is a file (the assessments) or a directory holding
/// `clinical.csv` and `first_dose.csv`; `--first-dose` names the first-dose file explicitly.
enum ClinicalInputs {
    static let assessmentsName = "clinical.csv"
    static let firstDoseName = "first_dose.csv"
    static let glucocorticoidsName = "glucocorticoids.csv"
    static let adverseEventsName = "adverse_events.csv"

    struct Files {
        var assessments: String?
        var firstDoses: String
        /// The --clinical directory, when one was given.
        var directory: String?

        /// `name` in the --clinical directory, when there is one and it holds that file.
        func optional(_ name: String) -> String? {
            guard let directory else { return nil }
            let path = (directory as NSString).appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
    }

    static func resolve(clinical: String?, firstDose: String?) throws -> Files {
        let fm = FileManager.default
        var assessments: String?
        var doses = firstDose
        var directory: String?
        if let clinical {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: clinical, isDirectory: &isDir) else { throw CLIError("\(clinical): no such file or directory") }
            if isDir.boolValue {
                directory = clinical
                let a = (clinical as NSString).appendingPathComponent(assessmentsName)
                guard fm.fileExists(atPath: a) else { throw CLIError("\(clinical) has no \(assessmentsName)") }
                assessments = a
                let d = (clinical as NSString).appendingPathComponent(firstDoseName)
                if doses == nil, fm.fileExists(atPath: d) { doses = d }
            } else {
                assessments = clinical
            }
        }
        guard let doses else {
            throw CLIError("no first-dose file: give --first-dose FILE or put \(firstDoseName) in the --clinical directory (Day 1 and baseline depend on it)")
        }
        guard fm.fileExists(atPath: doses) else { throw CLIError("\(doses): no such file") }
        return Files(assessments: assessments, firstDoses: doses, directory: directory)
    }
}

extension ReportOptions.TrajectoryX: ExpressibleByArgument {}
extension ReportOptions.TrajectoryY: ExpressibleByArgument {}
extension ReportOptions.Tables: ExpressibleByArgument {}
