import Analysis

/// Descriptive statistics of one immune variable in one group: analyte × BASETYPE × analysis
/// visit × arm × response group. A row of `summary.csv`.
public struct SummaryRow: Sendable, Hashable {
    public static let allArms = "ALL"
    public static let allResponses = "ALL"

    public var studyID: String
    public var parameterCode: String
    public var parameter: String
    public var category: String
    public var basetype: String
    public var visit: String
    public var visitNumber: Int?
    /// An arm code, or `ALL` (all arms, or arms pooled while blinded).
    public var arm: String
    /// Response criterion; empty for the rows over all subjects.
    public var criterion: String
    /// The visit the response status was read at.
    public var responseVisit: String
    /// `ALL`, `Y`, `N` or `MISSING`.
    public var response: String
    /// `AVAL`, `CHG` or `PCHG`.
    public var variable: String
    public var unit: String
    public var summary: Summary

    /// Summaries of every immune parameter at every analysis visit (ANL01FL records only).
    /// Groups: all subjects, each arm when unblinded, and within those each response status of
    /// each evaluated criterion. Variables with no value in the whole visit (CHG at baseline) are
    /// left out.
    /// `include` chooses the parameters: the immune ones by default (the glucocorticoid dose is
    /// summarised the same way, by the engine, with its own predicate).
    static func compute(
        records: [CFBRecord], study: StudyDefinition, groups: ResponseGroups, arms: [String],
        include: (CFBRecord) -> Bool = { $0.parameterCategory != "clinical" }
    ) -> [SummaryRow] {
        struct CellKey: Hashable { var code, basetype, visit: String }
        var cells: [CellKey: [CFBRecord]] = [:]
        for r in records where include(r) && r.analysisFlag && !r.analysisVisit.isEmpty {
            cells[CellKey(code: r.parameterCode, basetype: r.basetype, visit: r.analysisVisit), default: []].append(r)
        }
        var out: [SummaryRow] = []
        let variables: [(String, (CFBRecord) -> Double?)] = [
            ("AVAL", { $0.value.isNaN ? nil : $0.value }), ("CHG", { $0.change }), ("PCHG", { $0.percentChange }),
        ]
        let keys = cells.keys.sorted {
            let a = cells[$0]![0].analysisVisitNumber ?? Int.min, b = cells[$1]![0].analysisVisitNumber ?? Int.min
            return ($0.code, $0.basetype, a, $0.visit) < ($1.code, $1.basetype, b, $1.visit)
        }
        for key in keys {
            let rows = cells[key]!
            let first = rows[0]
            let armGroups: [(String, [CFBRecord])] =
                [(SummaryRow.allArms, rows)]
                + (arms.count > 1 ? arms.map { a in (a, rows.filter { $0.arm == a }) } : [])
            // Each member's response status once per criterion (not once per variable and arm):
            // the look-up hashes four strings.
            let criteria = study.responseCriteria.filter { groups.evaluatedCriteria.contains($0.id) }
            let statuses = criteria.map { c in rows.map { groups.status(c, subject: $0.subject, basetype: key.basetype, visit: key.visit) }
            }
            let armIndices: [[Int]] =
                [Array(rows.indices)]
                + (arms.count > 1 ? arms.map { a in rows.indices.filter { rows[$0].arm == a } } : [])
            for (name, get) in variables where rows.contains(where: { get($0) != nil }) {
                func row(
                    _ arm: String, _ members: [CFBRecord], criterion: String = "", responseVisit: String = "",
                    response: String = SummaryRow.allResponses
                ) -> SummaryRow {
                    SummaryRow(
                        studyID: first.studyID, parameterCode: key.code, parameter: first.parameter,
                        category: first.parameterCategory, basetype: key.basetype, visit: key.visit,
                        visitNumber: first.analysisVisitNumber, arm: arm, criterion: criterion,
                        responseVisit: responseVisit, response: response, variable: name, unit: first.unit,
                        summary: Summary(members.map { get($0) ?? .nan }))
                }
                for ((arm, members), indices) in zip(armGroups, armIndices) {
                    out.append(row(arm, members))
                    for (c, status) in zip(criteria, statuses) {
                        let at = ResponseGroups.responseVisit(c, for: key.visit)
                        let byStatus = Dictionary(grouping: indices) { status[$0] }
                        for s in ResponseGroups.Status.allCases where s != .notAssessed || byStatus[s] != nil {
                            out.append(
                                row(
                                    arm, (byStatus[s] ?? []).map { rows[$0] }, criterion: c.id, responseVisit: at,
                                    response: s.rawValue))
                        }
                    }
                }
            }
        }
        return out
    }
}
