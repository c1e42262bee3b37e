import Domain
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

    /// Summaries of every immune parameter at every analysis visit (ANL01FL rows only).
    /// Groups: all subjects, each arm when unblinded, and within those each response status of
    /// each evaluated criterion. Variables with no value in the whole visit (CHG at baseline) are
    /// left out.
    /// `parameter` chooses one PARAMCD (the glucocorticoid dose is summarised the same way, by
    /// `AnalysisPipeline`); by default the immune parameters, every one not `clinical`.
    static func compute(
        _ rows: AnalysedRows, study: StudyDefinition, groups: ResponseGroups, arms: [String], parameter: String? = nil
    ) -> [SummaryRow] {
        let include: (Int) -> Bool
        if let parameter {
            let wanted = rows.code(of: parameter, in: .parameterCode)
            let codes = rows.column(.parameterCode)
            include = { codes[$0] == wanted }
        } else {
            let clinical = rows.code(of: Assay.clinical.rawValue, in: .category)
            let categories = rows.column(.category)
            include = { categories[$0] != clinical }
        }
        let cells = AnalysisCells(rows, include: include)
        var out: [SummaryRow] = []
        let visitNumber = { (key: AnalysisCells.Key) in rows.visitNumber(cells[key][0]) ?? Int.min }
        let keys = cells.keys.sorted {
            let a = visitNumber($0), b = visitNumber($1)
            return ($0.code, $0.basetype, a, $0.visit) < ($1.code, $1.basetype, b, $1.visit)
        }
        let criteria = study.responseCriteria.filter { groups.evaluatedCriteria.contains($0.id) }
        let subjectIDs = criteria.isEmpty ? [] : groups.subjectIDs(rows)
        let armColumn = rows.column(.arm)
        let armCodes = arms.map { rows.code(of: $0, in: .arm) }
        for key in keys {
            let members = cells[key]
            let first = members[0]
            // Positions within the cell: all members, then each arm's when unblinded.
            let armNames = [SummaryRow.allArms] + (arms.count > 1 ? arms : [])
            let armPositions: [[Int]] =
                [Array(members.indices)]
                + (arms.count > 1 ? armCodes.map { a in members.indices.filter { armColumn[members[$0]] == a } } : [])
            // Each member's response status once per criterion: the criterion's responders at
            // the cell's visit are found once, then each member is one subject look-up.
            let byStatus: [[[ResponseGroups.Status: [Int]]]] = criteria.map { c in
                let table = groups.statuses(c, basetype: key.basetype, visit: key.visit)
                let status = members.map { ResponseGroups.status(in: table, id: subjectIDs[$0]) }
                return armPositions.map { positions in
                    // Grouped by the status's slot, then keyed: no hash per member.
                    var grouped = [[Int]](repeating: [], count: ResponseGroups.Status.allCases.count)
                    for p in positions { grouped[status[p].slot].append(p) }
                    var byStatus: [ResponseGroups.Status: [Int]] = [:]
                    for s in ResponseGroups.Status.allCases where !grouped[s.slot].isEmpty { byStatus[s] = grouped[s.slot] }
                    return byStatus
                }
            }
            let responseVisits = criteria.map { ResponseGroups.responseVisit($0, for: key.visit) }
            for name in ["AVAL", "CHG", "PCHG"] {
                let column: [Double?]
                switch name {
                case "AVAL": column = members.map { rows.values[$0].isNaN ? nil : rows.values[$0] }
                case "CHG": column = members.map { rows.change($0) }
                default: column = members.map { rows.percentChange($0) }
                }
                guard column.contains(where: { $0 != nil }) else { continue }
                // The cell's values sorted once; each group's are this order filtered to its
                // members. The values present, in position order, radix-sorted (stable: equal
                // values keep their positions' order, as a stable sort of the group would leave
                // them; only -0 and 0 could tell the difference).
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
                        studyID: rows.text(.studyID, first), parameterCode: key.code, parameter: rows.text(.parameter, first),
                        category: rows.text(.category, first), basetype: key.basetype, visit: key.visit,
                        visitNumber: rows.visitNumber(first), arm: arm, criterion: criterion,
                        responseVisit: responseVisit, response: response, variable: name, unit: rows.text(.unit, first),
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
