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
    public static func build(store: StudyStore, study: StudyDefinition, clinical: [ClinicalAssessment],
                             glucocorticoids: [GlucocorticoidDose]? = nil, adverseEvents: [AdverseEvent]? = nil,
                             firstDoses: [FirstDose],
                             randomization: [ArmAssignment]?, out: String, inputs: [(role: String, path: String)] = [],
                             command: String = "", options: ReportOptions = ReportOptions(),
                             progress: (@Sendable (ReportProgress) -> Void)? = nil) throws -> ReportSummary {
        guard store.study == study.studyID else {
            throw ReportError("the store holds study \(store.study) but the study definition is \(study.studyID)")
        }
        let generation = try store.catalog.currentGeneration()
        let batches = try store.catalog.batches(generation: generation).count
        let overview = try store.overview(generation: generation)
        let source = MeasurementSource(rows: overview.rows, subjects: overview.subjects) { body in
            try store.forEachMeasurementChunk(generation: generation, body)
        }
        let now = Date()
        let created = timestamp(now)
        let name = resultsName(store: store, studyID: study.studyID, created: created)
        let provenance = Provenance(storePath: store.root, generation: generation, batches: batches,
                                    measurementRows: overview.rows, createdAt: created, inputs: inputs,
                                    resultsName: name, command: command)
        let results = try ResultsWriter(store: store, name: name)
        var summary = try build(source: source, study: study, clinical: clinical, glucocorticoids: glucocorticoids,
                                adverseEvents: adverseEvents, firstDoses: firstDoses,
                                randomization: randomization, provenance: provenance, out: out, options: options,
                                results: results, progress: progress)
        var attributes = ["report_created_at": created, "blinded": summary.blinded ? "true" : "false",
                          "report_generation": String(generation)]
        // No page with --tables cfb.
        if !summary.html.isEmpty { attributes["report_html"] = URL(fileURLWithPath: summary.html).standardizedFileURL.path }
        for i in inputs { attributes["input_" + i.role.replacingOccurrences(of: " ", with: "_")] = i.path }
        if !command.isEmpty { attributes["command"] = command }
        summary.resultsPath = try results.publish(attributes: attributes)
        return summary
    }

    /// `report-<STUDYID>-<yyyymmddThhmmssZ>`, with a suffix if a report was already written
    /// under that name in the same second.
    static func resultsName(store: StudyStore, studyID: String, created: String) -> String {
        let compact = created.filter { $0 != "-" && $0 != ":" }
        let base = "report-\(studyID)-\(compact)"
        var name = base
        var k = 2
        while FileManager.default.fileExists(atPath: "\(store.root)/results/\(name).h5") {
            name = "\(base)-\(k)"
            k += 1
        }
        return name
    }
}
