import Domain

/// The change-from-baseline dataset of a study and what the derivation had to say about it.
public struct CFBDataset: Sendable {
    public var records: [CFBRecord]
    /// Things the statistician should know that did not stop the derivation (subjects without
    /// a first dose, subjects missing from the randomization file).
    public var warnings: [String]
    /// True when the study is blinded and no randomization was given: ARM is empty.
    public var blinded: Bool
}

/// Runs the BDS derivations in order, as an admiral script would:
/// LLOQ rule → ADY → AVISIT → ABLFL → BASE → CHG → PCHG → R2BASE → log2 ratio → ANL01FL,
/// then the same from the second baseline for the visits of the later period.
public enum ChangeFromBaseline {
    public static func derive(values: [AnalysisValue], study: StudyDefinition, firstDoses: [FirstDose],
                              arms: [ArmAssignment]? = nil) throws -> CFBDataset {
        var warnings: [String] = []
        let firstPeriod = study.design.periods.first?.name ?? ""
        let day1 = try anchorDates(firstDoses, periods: ["", firstPeriod], label: "first dose")
        var armOf: [String: String] = [:]
        var blinded = false
        if let arms {
            for a in arms { armOf[a.subject] = a.arm }
        } else if study.arms.count == 1 {
            for s in Set(values.map(\.subject)) { armOf[s] = study.arms[0].code }
        } else {
            blinded = study.design.blinded
        }

        var records = values.map { v -> CFBRecord in
            CFBRecord(studyID: study.studyID, subject: v.subject, arm: armOf[v.subject] ?? "",
                      parameterCategory: v.parameterCategory, parameterCode: v.parameterCode, parameter: v.parameter,
                      collectedVisit: v.collectedVisit, date: v.date, value: v.value, valueText: v.valueText,
                      unit: v.unit, qualifier: v.qualifier, lloq: v.lloq, upperLimitOfNormal: v.upperLimitOfNormal,
                      source: v.source)
        }
        let subjects = Set(values.map(\.subject))
        for s in subjects.sorted() where day1[s] == nil {
            warnings.append("subject \(s) has no first dose date: no study day, visit or baseline")
        }
        if arms != nil {
            for s in subjects.sorted() where armOf[s] == nil {
                warnings.append("subject \(s) is not in the randomization file: ARM left empty")
            }
        }

        try Derive.checkUnits(records)
        records = Derive.lloqImputation(records, rule: study.lloq.rule, limits: study.lloq.limits)
        records = try Derive.studyDays(records, day1: day1)
        records = Derive.analysisVisits(records, visits: study.visits)
        for i in records.indices { records[i].basetype = study.baseline.basetype }

        var all = try fromBaseline(records, anchor: day1, rule: study.baseline.kind,
                                   basetype: study.baseline.basetype, baselineVisit: study.baseline.visit, study: study)

        if let second = study.secondBaseline {
            let anchor = try anchorDates(firstDoses, periods: [second.period], label: "first \(second.period) dose")
            let periodVisits = Set(second.visits)
            var rows = records.filter { anchor[$0.subject] != nil }
            for i in rows.indices { rows[i].basetype = second.basetype; rows[i].note = rows[i].note }
            rows = try fromBaseline(rows, anchor: anchor, rule: second.kind, basetype: second.basetype,
                                    baselineVisit: second.visit, study: study)
            // Keep the second baseline itself and the later period's visits after it.
            rows = rows.filter { $0.baselineFlag || (periodVisits.contains($0.analysisVisit) && Derive.isPostBaseline($0)) }
            all += Derive.analysisFlags(rows, visits: study.visits)
        }

        // Sort an index, not the records: a CFBRecord is large, and moving millions of them
        // through a stable sort costs more than the derivation itself.
        let order = all.indices.sorted {
            (all[$0].subject, all[$0].parameterCode, all[$0].basetype, all[$0].date, all[$0].source)
                < (all[$1].subject, all[$1].parameterCode, all[$1].basetype, all[$1].date, all[$1].source)
        }
        return CFBDataset(records: order.map { all[$0] }, warnings: warnings, blinded: blinded)
    }

    /// Baseline, change and analysis flags of rows that share one BASETYPE.
    static func fromBaseline(_ records: [CFBRecord], anchor: [String: String], rule: StudyDefinition.BaselineRule.Kind,
                             basetype: String, baselineVisit: String, study: StudyDefinition) throws -> [CFBRecord] {
        var rows = try Derive.baselineFlags(records, anchor: anchor, rule: rule, basetype: basetype)
        // The baseline record is shown at the baseline visit even when collected before its window.
        if let visit = study.visit(named: baselineVisit) {
            for i in rows.indices where rows[i].baselineFlag {
                rows[i].analysisVisit = visit.name
                rows[i].analysisVisitNumber = visit.number
            }
        }
        rows = Derive.base(rows)
        rows = Derive.change(rows)
        rows = Derive.percentChange(rows)
        rows = Derive.ratioToBase(rows)
        rows = Derive.log2RatioToBase(rows)
        return Derive.analysisFlags(rows, visits: study.visits)
    }

    /// Subject → date of the first dose of one of `periods`; two for one subject is an error.
    static func anchorDates(_ doses: [FirstDose], periods: Set<String>, label: String) throws -> [String: String] {
        var out: [String: FirstDose] = [:]
        for d in doses where periods.contains(d.period) {
            if let other = out[d.subject], other.date != d.date {
                throw AnalysisError(code: "duplicate-first-dose",
                                    "subject \(d.subject) has two \(label) dates: \(other.date) and \(d.date)")
            }
            out[d.subject] = d
        }
        return out.mapValues(\.date)
    }
}
