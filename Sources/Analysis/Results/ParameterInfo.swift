/// One immune parameter (PARAMCD) shown in the report, with what its axes need.
public struct ParameterInfo: Sendable, Hashable {
    public var code: String
    /// How axes and tables name it (`TREG (% of CD4)`); PARAM when no better name is known.
    public var label: String
    /// PARAM, e.g. `TREG, freq_of of CD4 (%)`.
    public var parameter: String
    /// The canonical analyte (`TREG`), the PARAMCD up to its first dot.
    public var analyte: String
    /// PARCAT1: `cytometry` or `cytokine`.
    public var category: String
    public var unit: String

    /// The unit of a change: a difference of percentages is in percentage points.
    public var changeUnit: String {
        unit == "%" ? "percentage points" : unit
    }

    /// Immune parameters of the dataset in the study's analyte order (then by code). When the
    /// study lists analytes, only those; when none of the data's analytes is listed, all of
    /// them, so a report is never empty because of a naming mismatch.
    static func immune(_ seen: [ParameterInfo], study: StudyDefinition) -> [ParameterInfo] {
        var all = seen
        let order = Dictionary(study.analytes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let listed = all.filter { order[$0.analyte] != nil }
        if !listed.isEmpty { all = listed }
        return all.sorted {
            (order[$0.analyte] ?? Int.max, $0.code) < (order[$1.analyte] ?? Int.max, $1.code)
        }
    }

    static func analyte(of code: String) -> String {
        String(code.split(separator: ".").first ?? Substring(code))
    }
}

extension ParameterInfo {
    /// The parameter of an immune record, labelled from `labels` when it has one.
    init(_ r: CFBRecord, labels: [String: String]) {
        self.init(
            code: r.parameterCode, label: labels[r.parameterCode] ?? r.parameter, parameter: r.parameter,
            analyte: Self.analyte(of: r.parameterCode), category: r.parameterCategory, unit: r.unit)
    }
}
