import Analysis
import Domain
import Foundation

/// Builds the researcher's report: runs the analysis, then writes `cfb.csv`, `response.csv`,
/// `summary.csv`, `associations.csv` and `report.html` into one directory.
public enum ReportBuilder {
    public static let htmlName = "report.html"

    /// Immune values from `measurements`, clinical assessments and first doses as read from
    /// their files; `randomization` only to unblind. Returns what was written and the result
    /// tables (for the store).
    public static func build(measurements: [Domain.Measurement], study: StudyDefinition, clinical: [ClinicalAssessment],
                             firstDoses: [FirstDose], randomization: [ArmAssignment]?, provenance: Provenance,
                             out: String, options: ReportOptions = ReportOptions()) throws -> (summary: ReportSummary, tables: [AuxiliaryTable]) {
        let data = try analyse(measurements: measurements, study: study, clinical: clinical, firstDoses: firstDoses,
                               randomization: randomization)
        let tables = tables(data)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var files: [String] = []
        for t in tables {
            let path = (out as NSString).appendingPathComponent("\(t.name).csv")
            try write(CSVWriter.render(t), to: path)
            files.append(path)
        }
        let html = (out as NSString).appendingPathComponent(htmlName)
        try write(HTMLPage.render(data, provenance: provenance, options: options), to: html)
        files.insert(html, at: 0)
        let summary = ReportSummary(directory: out, files: files, html: html, resultsPath: nil,
                                    cfbRows: tables[0].rowCount, responseRows: tables[1].rowCount,
                                    summaryRows: tables[2].rowCount, associationRows: tables[3].rowCount,
                                    blinded: data.blinded, warnings: data.warnings)
        return (summary, tables)
    }

    /// The analysis alone (no file written). Measurements without a subject (controls, samples
    /// not linked to a subject) cannot enter a change from baseline, and well-level plate values
    /// (one replicate well's MFI or concentration) are not a subject's value (the sample's
    /// replicate mean is): both are left out and a warning says how many.
    public static func analyse(measurements: [Domain.Measurement], study: StudyDefinition, clinical: [ClinicalAssessment],
                               firstDoses: [FirstDose], randomization: [ArmAssignment]?) throws -> ReportData {
        let selection = SubjectLevelValues.select(measurements)
        let linked = selection.values
        var warnings: [String] = []
        if selection.withoutSubject > 0 {
            warnings.append("\(selection.withoutSubject) measurement(s) without a subject (controls or unlinked samples) not analysed")
        }
        if selection.wellLevel > 0 {
            warnings.append("\(selection.wellLevel) well-level plate value(s) not analysed: each sample's replicate mean is")
        }
        let immune = linked.map(AnalysisValue.init(measurement:))
        var labels: [String: String] = [:]
        for (m, v) in zip(linked, immune) where labels[v.parameterCode] == nil { labels[v.parameterCode] = ParameterLabel.display(m) }
        let values = immune + clinical.map(AnalysisValue.init(assessment:))
        return try ReportData.analyse(values: values, study: study, firstDoses: firstDoses, randomization: randomization,
                                      labels: labels, warnings: warnings)
    }

    /// The four result tables, in the order `cfb`, `response`, `summary`, `associations`.
    public static func tables(_ data: ReportData) -> [AuxiliaryTable] {
        var armOf: [String: String] = [:]
        if !data.blinded { for r in data.dataset.records where !r.arm.isEmpty { armOf[r.subject] = r.arm } }
        return [CFBTable.make(data.dataset.records), ResponseTable.make(data.responses, armOf: armOf),
                SummaryTable.make(data.summaries), AssociationTable.make(data.associations)]
    }

    /// Now, ISO 8601 in UTC (`2024-05-01T09:30:00Z`).
    public static func timestamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    /// Written to a temporary file and renamed, so a reader never sees half a report.
    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
