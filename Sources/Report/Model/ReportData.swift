import Analysis
import Domain

/// Everything the report shows, computed once: the change-from-baseline dataset, clinical
/// responses, associations and summaries, plus what the plots are drawn from.
public struct ReportData: Sendable {
    public var study: StudyDefinition
    public var dataset: CFBDataset
    public var responses: [ResponseRecord]
    public var associations: [AssociationRecord]
    public var summaries: [SummaryRow]
    /// Immune parameters plotted, in the study's analyte order.
    public var parameters: [ParameterInfo]
    public var groups: ResponseGroups
    /// Arm codes present in the data, sorted; empty while blinded.
    public var arms: [String]
    /// What the statistician should know: derivation warnings and inputs left out.
    public var warnings: [String]
    /// PARAMCD → display label: the plotted parameters' labels, PARAM for the others.
    public var labels: [String: String]
    /// Subjects with at least one immune value.
    public var immuneSubjects: Int
    /// Subjects with at least one clinical assessment.
    public var clinicalSubjects: Int

    public var blinded: Bool { dataset.blinded }

    /// Runs the analysis layer: change from baseline (with arms only when `randomization` is
    /// given, or the study has a single arm), response criteria, associations, summaries.
    public static func analyse(values: [AnalysisValue], study: StudyDefinition, firstDoses: [FirstDose],
                               randomization: [ArmAssignment]?, labels: [String: String] = [:],
                               warnings: [String] = []) throws -> ReportData {
        let dataset = try ChangeFromBaseline.derive(values: values, study: study, firstDoses: firstDoses, arms: randomization)
        let responses = ClinicalResponse.evaluate(dataset.records, study: study)
        let associations = Associations.run(dataset: dataset, responses: responses, study: study)
        let groups = ResponseGroups(responses: responses, study: study)
        let arms = dataset.blinded ? [] : Set(dataset.records.map(\.arm).filter { !$0.isEmpty }).sorted()
        let summaries = SummaryRow.compute(records: dataset.records, study: study, groups: groups, arms: arms)
        let parameters = ParameterInfo.immune(in: dataset.records, study: study, labels: labels)
        var allLabels: [String: String] = [:]
        for r in dataset.records where allLabels[r.parameterCode] == nil { allLabels[r.parameterCode] = labels[r.parameterCode] ?? r.parameter }
        let immune = Set(dataset.records.filter { $0.parameterCategory != "clinical" }.map(\.subject))
        let clinical = Set(dataset.records.filter { $0.parameterCategory == "clinical" }.map(\.subject))
        return ReportData(study: study, dataset: dataset, responses: responses, associations: associations,
                          summaries: summaries, parameters: parameters,
                          groups: groups, arms: arms, warnings: warnings + dataset.warnings,
                          labels: allLabels, immuneSubjects: immune.count, clinicalSubjects: clinical.count)
    }

    /// The analysed (ANL01FL) immune records of one parameter in the primary BASETYPE: the
    /// records the plots draw.
    public func analysedRecords(_ code: String) -> [CFBRecord] {
        dataset.records.filter {
            $0.parameterCode == code && $0.analysisFlag && !$0.analysisVisit.isEmpty && $0.basetype == study.baseline.basetype
        }
    }

    /// Plot panels: one per arm when unblinded (and more than one arm), else one pooled panel.
    /// `title` names the arm in full (`IL2: Low-dose IL-2…`), `short` by its code.
    public var panels: [(title: String, short: String, arm: String?)] {
        if arms.count > 1 {
            return arms.map { code in (study.arms.first { $0.code == code }.map { "\($0.code): \($0.name)" } ?? code, code, code) }
        }
        if blinded { return [("All subjects (blinded: arms pooled)", "All subjects (pooled)", nil)] }
        return [("All subjects", "All subjects", nil)]
    }

    /// The display label of a PARAMCD (its PARAM when not an immune parameter shown).
    public func label(_ code: String) -> String { labels[code] ?? code }

    /// Analysis visits in AVISITN order.
    public var visitOrder: [StudyDefinition.VisitWindow] { study.visits.sorted { $0.number < $1.number } }
}
