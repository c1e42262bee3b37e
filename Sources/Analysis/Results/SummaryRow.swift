import Numerical

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
    /// summarised the same way, by `AnalysisPipeline`, with its own predicate).
    static func compute(
        records: [CFBRecord], study: StudyDefinition, groups: ResponseGroups, arms: [String],
        include: (CFBRecord) -> Bool = { $0.parameterCategory != "clinical" }
    ) -> [SummaryRow] {
        let cells = AnalysisCells(records, include: include)
        var out: [SummaryRow] = []
        let visitNumber = { (key: AnalysisCells.Key) in records[cells[key][0]].analysisVisitNumber ?? Int.min }
        let keys = cells.keys.sorted {
            let a = visitNumber($0), b = visitNumber($1)
            return ($0.code, $0.basetype, a, $0.visit) < ($1.code, $1.basetype, b, $1.visit)
        }
        let criteria = study.responseCriteria.filter { groups.evaluatedCriteria.contains($0.id) }
        let subjectIDs = criteria.isEmpty ? [] : groups.subjectIDs(records)
        for key in keys {
            let rows = cells[key]
            let first = records[rows[0]]
            // Positions within the cell: all members, then each arm's when unblinded.
            let armNames = [SummaryRow.allArms] + (arms.count > 1 ? arms : [])
            let armPositions: [[Int]] =
                [Array(rows.indices)]
                + (arms.count > 1 ? arms.map { a in rows.indices.filter { records[rows[$0]].arm == a } } : [])
            // Each member's response status once per criterion: the criterion's responders at
            // the cell's visit are found once, then each member is one subject look-up.
            let byStatus: [[[ResponseGroups.Status: [Int]]]] = criteria.map { c in
                let table = groups.statuses(c, basetype: key.basetype, visit: key.visit)
                let status = rows.map { ResponseGroups.status(in: table, id: subjectIDs[$0]) }
                return armPositions.map { positions in
                    // Grouped by the status's slot, then keyed: no hash per member.
                    var members = [[Int]](repeating: [], count: ResponseGroups.Status.allCases.count)
                    for p in positions { members[status[p].slot].append(p) }
                    var grouped: [ResponseGroups.Status: [Int]] = [:]
                    for s in ResponseGroups.Status.allCases where !members[s.slot].isEmpty { grouped[s] = members[s.slot] }
                    return grouped
                }
            }
            let responseVisits = criteria.map { ResponseGroups.responseVisit($0, for: key.visit) }
            for name in ["AVAL", "CHG", "PCHG"] {
                // Read straight from the array's records: a closure taking a `CFBRecord` copied
                // all its fields per row and variable, half of this function's time at 1 M rows.
                let column: [Double?]
                switch name {
                case "AVAL": column = rows.map { records[$0].value.isNaN ? nil : records[$0].value }
                case "CHG": column = rows.map { records[$0].change }
                default: column = rows.map { records[$0].percentChange }
                }
                guard column.contains(where: { $0 != nil }) else { continue }
                // The cell's values sorted once; each group's are this order filtered to its
                // members. Equal values keep their positions' order, as a stable sort of the
                // group would leave them (only -0 and 0 could tell the difference).
                // The values present, in position order, radix-sorted (stable: equal values keep
                // their positions' order, as the (value, position) comparison had them).
                var present: [Double] = [], positions: [Int] = []
                present.reserveCapacity(column.count)
                positions.reserveCapacity(column.count)
                for (p, v) in column.enumerated() {
                    if let v, !v.isNaN {
                        present.append(v)
                        positions.append(p)
                    }
                }
                let ranked = RadixSort.order(present).map { (value: present[Int($0)], position: positions[Int($0)]) }
                func summary(_ positions: [Int]) -> Summary {
                    var member = [Bool](repeating: false, count: column.count)
                    for p in positions { member[p] = true }
                    let x = ranked.compactMap { member[$0.position] ? $0.value : nil }
                    return Summary(sorted: x, missing: positions.count - x.count)
                }
                func row(
                    _ arm: String, _ positions: [Int], criterion: String = "", responseVisit: String = "",
                    response: String = SummaryRow.allResponses
                ) -> SummaryRow {
                    SummaryRow(
                        studyID: first.studyID, parameterCode: key.code, parameter: first.parameter,
                        category: first.parameterCategory, basetype: key.basetype, visit: key.visit,
                        visitNumber: first.analysisVisitNumber, arm: arm, criterion: criterion,
                        responseVisit: responseVisit, response: response, variable: name, unit: first.unit,
                        summary: summary(positions))
                }
                for (a, positions) in armPositions.enumerated() {
                    out.append(row(armNames[a], positions))
                    for (k, c) in criteria.enumerated() {
                        let groupsOfArm = byStatus[k][a]
                        for s in ResponseGroups.Status.allCases where s != .notAssessed || groupsOfArm[s] != nil {
                            out.append(
                                row(
                                    armNames[a], groupsOfArm[s] ?? [], criterion: c.id, responseVisit: responseVisits[k],
                                    response: s.rawValue))
                        }
                    }
                }
            }
        }
        return out
    }
}
