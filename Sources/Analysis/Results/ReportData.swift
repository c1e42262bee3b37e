import Domain

/// Everything the report page shows: the study, the clinical responses, associations and
/// summaries of every parameter, what the plots need, and the records being drawn. Built by
/// `AnalysisPipeline`; while streaming, `dataset.records` holds only the parameter whose section is
/// being drawn (a report on millions of measurements never holds them all), otherwise all.
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
    /// Subject → arm code of every subject with one (empty while blinded).
    public var armOf: [String: String]
    /// What the statistician should know: derivation warnings and inputs left out.
    public var warnings: [String]
    /// PARAMCD → display label: the plotted parameters' labels, PARAM for the others.
    public var labels: [String: String]
    /// Subjects with at least one immune value.
    public var immuneSubjects: Int
    /// Subjects with at least one clinical assessment.
    public var clinicalSubjects: Int
    /// Rows of the whole change-from-baseline dataset (cfb.csv).
    public var cfbRows: Int
    /// Immune parameters in the dataset, shown or not.
    public var immuneParameterCount: Int
    /// Treatment-emergent adverse events, when an adverse-event listing was given.
    public var safety: AdverseEventSummary?
    /// Summaries of the daily glucocorticoid dose (`GC.PREDEQ`), when a log was given.
    public var glucocorticoidSummaries: [SummaryRow] = []

    public var blinded: Bool { dataset.blinded }

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
