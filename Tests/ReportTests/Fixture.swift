import Analysis
import Domain
import Foundation
import TestSupport

@testable import Report

/// Eight subjects of a small blinded two-arm study with distinctive arm names (so a test can
/// tell whether they leak), Treg % of CD4 and IL-6 at baseline (Day −1), Week 4 (Day 29) and
/// Week 12 (Day 85), and the six IMACS core set measures at baseline and Week 12.
/// S1–S4 are on ZETA, S5–S8 on OMEGA; S1, S2, S3 and S6 improve clinically (TIS responders).
enum Fixture {
    static let subjects = (1...8).map { "S\($0)" }
    static let arms = ["ZETA", "ZETA", "ZETA", "ZETA", "OMEGA", "OMEGA", "OMEGA", "OMEGA"]
    static let armNames = ["ZETA", "Zetamab 5 mg", "OMEGA", "Omegacebo saline"]
    static let responder = [true, true, true, false, false, true, false, false]

    static let day1 = "2023-01-10"
    /// Dates of baseline, Week 4 and Week 12 samples.
    static let dates = ["2023-01-09", "2023-02-07", "2023-04-04"]
    /// Treg % of CD4 per subject at the three dates.
    static let treg: [[Double]] = [
        [4.1, 5.0, 6.3], [3.2, 3.9, 5.1], [5.5, 5.2, 7.4], [4.8, 4.9, 4.6],
        [3.9, 4.4, 3.7], [6.1, 6.0, 7.0], [2.7, 2.5, 2.9], [4.4, 4.3, 4.0],
    ]
    /// IL-6 pg/mL.
    static let il6: [[Double]] = [
        [12.0, 9.5, 6.1], [30.2, 22.0, 14.4], [8.8, 8.1, 5.0], [15.0, 16.2, 17.9],
        [9.9, 10.4, 11.0], [21.0, 18.5, 12.2], [5.5, 6.0, 6.3], [40.1, 38.0, 44.2],
    ]

    static let yaml = """
        study_id: TEST02
        title: A test study of an investigational antibody
        condition: dermatomyositis
        design: {randomized: true, blinded: true}
        arms:
          - {code: ZETA, name: Zetamab 5 mg}
          - {code: OMEGA, name: Omegacebo saline, placebo: true}
        baseline: {visit: Baseline}
        visits:
          - {name: Baseline, avisitn: 0, target_day: 1, window_low: -28, window_high: 1}
          - {name: Week 4, avisitn: 4, target_day: 29, window_low: 15, window_high: 42}
          - {name: Week 12, avisitn: 12, target_day: 85, window_low: 71, window_high: 98}
        \(StudyYAML.myositisTIS(enzymes: "items: [CK], uln: {CK: 200}"))
        analytes: [TREG, IL6]
        visits_of_interest: [Baseline, Week 4, Week 12]
        """

    static func study() throws -> StudyDefinition { try StudyDefinition(yaml: yaml, file: "test.yaml") }

    static func measurements() -> [Domain.Measurement] {
        var out: [Domain.Measurement] = []
        for (i, s) in subjects.enumerated() {
            for (k, date) in dates.enumerated() {
                out.append(
                    Domain.Measurement(
                        sample: "\(s)-\(k)", subject: s, visit: "V\(k)", collectionDate: date, assay: .cytometry,
                        analyte: "TREG", statistic: .freqOf, denominator: "CD4", value: treg[i][k], unit: "%"))
                out.append(
                    Domain.Measurement(
                        sample: "\(s)-\(k)", subject: s, visit: "V\(k)", collectionDate: date, assay: .cytokine,
                        analyte: "IL6", statistic: .concentration, value: il6[i][k], unit: "pg/mL"))
            }
        }
        // A control well without a subject: must be left out, with a warning.
        out.append(
            Domain.Measurement(sample: "CTRL", assay: .cytokine, analyte: "IL6", statistic: .concentration, value: 50, unit: "pg/mL"))
        return out
    }

    /// Core set measures: responders improve by half of the way to normal at Week 12, others by 2 %.
    static func clinical() -> [ClinicalAssessment] {
        var out: [ClinicalAssessment] = []
        for (i, s) in subjects.enumerated() {
            for (date, visit, week12) in [(day1, "D1", false), (dates[2], "W12", true)] {
                let f = week12 ? (responder[i] ? 0.5 : 0.02) : 0
                func add(_ instrument: String, _ v: Double, item: String = "TOTAL", unit: String = "", uln: Double = .nan) {
                    out.append(
                        ClinicalAssessment(
                            subject: s, visit: visit, date: date, instrument: instrument, item: item,
                            value: v, unit: unit, upperLimitOfNormal: uln))
                }
                add("PHGA", 6 * (1 - f))
                add("PTGA", 7 * (1 - f))
                add("HAQ", 1.5 * (1 - f))
                add("MMT8", 60 + 20 * f)
                add("EXTRAMUSCULAR", 4 * (1 - f))
                add("ENZYMES", 1200 * (1 - f), item: "CK", unit: "U/L", uln: 200)
            }
        }
        return out
    }

    static func firstDoses() -> [FirstDose] { subjects.map { FirstDose(subject: $0, date: day1) } }

    static func randomization() -> [ArmAssignment] {
        zip(subjects, arms).map { ArmAssignment(subject: $0, arm: $1) }
    }

    static func data(unblinded: Bool) throws -> ReportData {
        try ReportBuilder.analyse(
            measurements: measurements(), study: study(), clinical: clinical(), firstDoses: firstDoses(),
            randomization: unblinded ? randomization() : nil)
    }

    /// Builds the whole report into a fresh temporary directory.
    /// `rowsPerPartition` small makes the engine derive a few subjects at a time.
    static func build(unblinded: Bool, rowsPerPartition: Int = AnalysisPipeline.defaultRowsPerPartition) throws -> (
        summary: ReportSummary, directory: URL
    ) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)")
        let provenance = Provenance(createdAt: "2024-05-01T09:30:00Z", inputs: [("clinical assessments", "clinical.csv")])
        let summary = try ReportBuilder.build(
            source: .inMemory(measurements()), study: study(), clinical: clinical(),
            firstDoses: firstDoses(), randomization: unblinded ? randomization() : nil,
            provenance: provenance, out: dir.path, rowsPerPartition: rowsPerPartition)
        return (summary, dir)
    }

    static func text(_ dir: URL, _ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }

    /// Median computed here, independently of the analysis layer: sort, take the middle (or the
    /// mean of the two middle values).
    static func median(_ values: [Double]) -> Double {
        let x = values.sorted()
        return x.count % 2 == 1 ? x[x.count / 2] : (x[x.count / 2 - 1] + x[x.count / 2]) / 2
    }

    /// All matches of `pattern`'s first capture group in `text`.
    static func captures(_ pattern: String, in text: String) throws -> [[String]] {
        let re = try NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
    }
}
