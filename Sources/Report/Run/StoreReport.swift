import Analysis
import Domain
import Foundation
import Store

extension ReportBuilder {
    /// The report of a store's current generation: streams its measurements through the
    /// analysis, builds the report into `out`, and writes the result tables back into the store
    /// as `results/report-<STUDYID>-<UTC time>.h5` (audited; nothing is published if the report
    /// fails). `inputs` name the clinical files for the provenance block; `command` is the
    /// command line.
    public static func build(
        store: StudyStore, study: StudyDefinition, clinical: [ClinicalAssessment],
        glucocorticoids: [GlucocorticoidDose]? = nil, adverseEvents: [AdverseEvent]? = nil,
        firstDoses: [FirstDose],
        randomization: [ArmAssignment]?, out: String, inputs: [(role: String, path: String)] = [],
        command: String = "", options: ReportOptions = ReportOptions(),
        progress: (@Sendable (ReportProgress) -> Void)? = nil
    ) throws -> ReportSummary {
        do {
            return try buildInStore(
                store: store, study: study, clinical: clinical, glucocorticoids: glucocorticoids,
                adverseEvents: adverseEvents, firstDoses: firstDoses, randomization: randomization, out: out,
                inputs: inputs, command: command, options: options, progress: progress)
        } catch {
            // A full disk under the output folder or the store: one clear message.
            throw StoreError.classify(error, writing: URL(fileURLWithPath: out).standardizedFileURL.path)
        }
    }

    private static func buildInStore(
        store: StudyStore, study: StudyDefinition, clinical: [ClinicalAssessment],
        glucocorticoids: [GlucocorticoidDose]?, adverseEvents: [AdverseEvent]?,
        firstDoses: [FirstDose], randomization: [ArmAssignment]?, out: String,
        inputs: [(role: String, path: String)], command: String,
        options: ReportOptions,
        progress: (@Sendable (ReportProgress) -> Void)?
    ) throws -> ReportSummary {
        guard store.study == study.studyID else {
            throw ReportError("the store holds study \(store.study) but the study definition is \(study.studyID)")
        }
        let generation = try store.catalog.currentGeneration()
        let batches = try store.catalog.batches(generation: generation).count
        let source = try MeasurementSource.stored(in: store, generation: generation)
        let now = Date()
        let created = timestamp(now)
        // Arm-level results are for the unblinded team only: owner-only files, since blinded
        // users share the store and may share the output's parent folder.
        let unblinded = randomization != nil
        let name = resultsName(studyID: study.studyID, created: created, blinded: !unblinded)
        let provenance = Provenance(
            storePath: store.root, generation: generation, batches: batches,
            measurementRows: source.rows, createdAt: created, inputs: inputs,
            resultsName: name, command: command)
        // The outputs are written into a fresh private folder and swapped in for `out` at the
        // end: `out` holds the previous complete report or this one, never a mix.
        let staged = try StagedFolder(replacing: out, store: store, ownerOnly: unblinded, replaceable: isReportOutput)
        let results = try ResultsWriter(store: store, name: name, ownerOnly: unblinded)
        var summary = try build(
            source: source, study: study, clinical: clinical, glucocorticoids: glucocorticoids,
            adverseEvents: adverseEvents, firstDoses: firstDoses,
            randomization: randomization, provenance: provenance, out: staged.path, options: options,
            results: results, progress: progress)
        FaultPoint.reached("report.outputs-written")
        if unblinded {
            for f in summary.files { chmod(f, 0o600) }
        }
        let relocate = { (p: String) in staged.destination + p.dropFirst(staged.path.count) }
        summary.directory = staged.destination
        summary.files = summary.files.map(relocate)
        if !summary.html.isEmpty { summary.html = relocate(summary.html) }
        var attributes = [
            "report_created_at": created, "blinded": summary.blinded ? "true" : "false",
            "report_generation": String(generation),
        ]
        // No page with --tables cfb.
        if !summary.html.isEmpty { attributes["report_html"] = URL(fileURLWithPath: summary.html).standardizedFileURL.path }
        for i in inputs { attributes["input_" + i.role.replacingOccurrences(of: " ", with: "_")] = i.path }
        if !command.isEmpty { attributes["command"] = command }
        summary.resultsPath = try results.publish(attributes: attributes)
        try staged.publish()
        return summary
    }

    /// What a report writes into its folder (and earlier versions left there): the only
    /// entries a new report may replace.
    static func isReportOutput(_ name: String) -> Bool {
        name == htmlName || name.hasSuffix(".csv") || name.hasSuffix(".partial") || name.hasPrefix("report-")
    }

    /// `report-<STUDYID>-<yyyymmddThhmmssZ>-<blinded|unblinded>-<8 random hex digits>`: unique
    /// even for reports started in the same second (and published without replacing anything).
    static func resultsName(studyID: String, created: String, blinded: Bool) -> String {
        let compact = created.filter { $0 != "-" && $0 != ":" }
        let random = String(format: "%08x", UInt32.random(in: 0...UInt32.max))
        return "report-\(studyID)-\(compact)-\(blinded ? "blinded" : "unblinded")-\(random)"
    }
}
