/// Evaluates a study's response criteria on the clinical rows of its change-from-baseline
/// dataset: one `ResponseRecord` per subject × criterion × assessed visit × BASETYPE. A subject
/// with clinical data but no assessment in a criterion's visit window still gets a record,
/// missing, with the reason, so that no subject silently leaves the denominator.
public enum ClinicalResponse {
    /// The same records, the subjects split into `parts` groups evaluated at once, one per core:
    /// every criterion looks within one subject, so the union is what one pass gives, and
    /// sorting it the same way gives the same order.
    public static func evaluate(_ records: [CFBRecord], study: StudyDefinition, parts: Int) -> [ResponseRecord] {
        let subjects = Set(records.lazy.filter { $0.parameterCategory == "clinical" }.map(\.subject)).sorted()
        let n = min(max(1, parts), subjects.count)
        guard n > 1 else { return evaluate(records, study: study) }
        var part: [String: Int] = [:]
        for (i, s) in subjects.enumerated() { part[s] = i * n / subjects.count }
        var split = [[CFBRecord]](repeating: [], count: n)
        for r in records where r.parameterCategory == "clinical" { split[part[r.subject]!].append(r) }
        return sorted(OrderedOffload.map(split) { evaluate($0, study: study) }.flatMap { $0 })
    }

    public static func evaluate(_ records: [CFBRecord], study: StudyDefinition) -> [ResponseRecord] {
        let clinical = records.filter { $0.parameterCategory == "clinical" }
        let visits = ClinicalVisit.group(clinical)
        let subjects = Set(clinical.map(\.subject)).sorted()
        struct Assessed: Hashable { var subject, visit, basetype: String }
        let assessed = Set(visits.map { Assessed(subject: $0.subject, visit: $0.visit, basetype: $0.basetype) })
        var out: [ResponseRecord] = []
        for criterion in study.responseCriteria {
            let wanted = Set(criterion.visits)
            for v in visits where wanted.contains(v.visit) {
                out.append(evaluate(v, criterion))
            }
            for s in subjects {
                for name in criterion.visits
                where !assessed.contains(Assessed(subject: s, visit: name, basetype: study.baseline.basetype)) {
                    out.append(
                        ResponseRecord(
                            studyID: study.studyID, subject: s, basetype: study.baseline.basetype,
                            visit: name, visitNumber: study.visit(named: name)?.number,
                            criterion: criterion.id,
                            reason: "missing: no clinical assessment in the \(name) window"))
                }
            }
        }
        return sorted(out)
    }

    /// By criterion, subject, BASETYPE and visit number (a stable sort).
    static func sorted(_ records: [ResponseRecord]) -> [ResponseRecord] {
        records.sorted {
            ($0.criterion, $0.subject, $0.basetype, $0.visitNumber ?? Int.min)
                < ($1.criterion, $1.subject, $1.basetype, $1.visitNumber ?? Int.min)
        }
    }

    public static func evaluate(_ visit: ClinicalVisit, _ criterion: ResponseCriterion) -> ResponseRecord {
        switch criterion.kind {
        case .totalImprovementScore(let p): return TotalImprovementScore.evaluate(visit, parameters: p)
        case .imacsImprovement(let p): return IMACSDefinitionOfImprovement.evaluate(visit, parameters: p)
        case .sri4(let p): return SRI4.evaluate(visit, parameters: p)
        case .pmrActivityScore(let p): return PMRActivityScore.evaluate(visit, parameters: p)
        }
    }
}
