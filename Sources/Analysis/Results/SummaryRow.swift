import Domain

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
        // Each member's arm group: 1 + its arm's index among `arms` when unblinded, 0 when in
        // none (such a member is only in the groups of all arms).
        var armGroupOfCode = [Int](repeating: 0, count: rows.distinctCount(.arm))
        if arms.count > 1 { for (a, c) in armCodes.enumerated() { if let c { armGroupOfCode[Int(c)] = a + 1 } } }
        let armNames = [SummaryRow.allArms] + (arms.count > 1 ? arms : [])
        for key in keys {
            let members = cells[key]
            let first = members[0]
            let armGroup = members.map { armGroupOfCode[Int(armColumn[$0])] }
            // Each member's response status once per criterion: the criterion's responders at
            // the cell's visit are found once, then each member is one subject look-up.
            let statusSlot: [[Int]] = criteria.map { c in
                let table = groups.statuses(c, basetype: key.basetype, visit: key.visit)
                return members.map { ResponseGroups.status(in: table, id: subjectIDs[$0]).slot }
            }
            let cellGroups = SummaryGroups(armGroup: armGroup, armGroupCount: armNames.count, statusSlot: statusSlot)
            let responseVisits = criteria.map { ResponseGroups.responseVisit($0, for: key.visit) }
            for variable in Variable.allCases {
                // The values present (not nil, not NaN) in position order, with their positions;
                // a variable with no value in the whole cell (CHG at baseline) has no rows.
                var present: [Double] = [], positions: [Int] = [], anyValue = false
                present.reserveCapacity(members.count)
                positions.reserveCapacity(members.count)
                for (p, m) in members.enumerated() {
                    let value: Double?
                    switch variable {
                    case .value: value = rows.values[m].isNaN ? nil : rows.values[m]
                    case .change: value = rows.change(m)
                    case .percentChange: value = rows.percentChange(m)
                    }
                    guard let value else { continue }
                    anyValue = true
                    if !value.isNaN {
                        present.append(value)
                        positions.append(p)
                    }
                }
                guard anyValue else { continue }
                let sorted = cellGroups.sorted(present, positions: positions)
                func row(
                    _ arm: Int, group g: Int, criterion: String = "", responseVisit: String = "",
                    response: String = SummaryRow.allResponses
                ) -> SummaryRow {
                    SummaryRow(
                        studyID: rows.text(.studyID, first), parameterCode: key.code, parameter: rows.text(.parameter, first),
                        category: rows.text(.category, first), basetype: key.basetype, visit: key.visit,
                        visitNumber: rows.visitNumber(first), arm: armNames[arm], criterion: criterion,
                        responseVisit: responseVisit, response: response, variable: variable.rawValue, unit: rows.text(.unit, first),
                        summary: sorted.summary(g))
                }
                for a in armNames.indices {
                    out.append(row(a, group: cellGroups.everyone(a)))
                    for (k, c) in criteria.enumerated() {
                        for s in ResponseGroups.Status.allCases
                        where s != .notAssessed || cellGroups.memberCount[cellGroups.group(a, criterion: k, slot: s.slot)] > 0 {
                            out.append(
                                row(
                                    a, group: cellGroups.group(a, criterion: k, slot: s.slot), criterion: c.id,
                                    responseVisit: responseVisits[k],
                                    response: s.rawValue))
                        }
                    }
                }
            }
        }
        return out
    }

    /// The variables summarised, in the order their rows come.
    private enum Variable: String, CaseIterable {
        case value = "AVAL", change = "CHG", percentChange = "PCHG"
    }
}
