/// Evaluates a study's response criteria on the clinical rows of its change-from-baseline
/// dataset: one `ResponseRecord` per subject × criterion × assessed visit × BASETYPE. A subject
/// with clinical data but no assessment in a criterion's visit window still gets a record,
/// missing, with the reason, so that no subject silently leaves the denominator.
public enum ClinicalResponse {
    public static func evaluate(_ records: [CFBRecord], study: StudyDefinition) -> [ResponseRecord] {
        merge([unordered(records, study: study)])
    }

    /// The responses of several groups of whole subjects (each subject's clinical records in
    /// one group), evaluated apart: in the order `evaluate` gives for all their records at once.
    /// Records that tie on the order's key come from one subject, hence from one group, where
    /// they stand as `evaluate` left them; the sort is stable.
    static func merge(_ parts: [[ResponseRecord]]) -> [ResponseRecord] {
        parts.joined().sorted(by: inOrder)
    }

    /// The order of `evaluate`'s results: criterion, subject, BASETYPE, AVISITN (none first).
    /// Compared field by field where the records lie (a tuple of each pair's strings was built
    /// per comparison).
    static func inOrder(_ a: ResponseRecord, _ b: ResponseRecord) -> Bool {
        if a.criterion != b.criterion { return a.criterion < b.criterion }
        if a.subject != b.subject { return a.subject < b.subject }
        if a.basetype != b.basetype { return a.basetype < b.basetype }
        return (a.visitNumber ?? Int.min) < (b.visitNumber ?? Int.min)
    }

    /// `merge` of parts each already sorted by `inOrder` (stably) and holding ascending,
    /// disjoint subjects, as consecutive subject ranges do: per criterion, the parts' runs one
    /// after the other, no sort. Parts that are not so fall back to `merge`.
    static func mergeSorted(_ parts: [[ResponseRecord]]) -> [ResponseRecord] {
        // Each part's runs of one criterion, in criterion order.
        var runs: [String: [ArraySlice<ResponseRecord>]] = [:]
        for part in parts {
            var start = part.startIndex
            while start < part.endIndex {
                var end = start + 1
                while end < part.endIndex, part[end].criterion == part[start].criterion { end += 1 }
                runs[part[start].criterion, default: []].append(part[start..<end])
                start = end
            }
        }
        var out: [ResponseRecord] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for criterion in runs.keys.sorted() {
            let slices = runs[criterion]!
            for (a, b) in zip(slices, slices.dropFirst()) where !(a.last!.subject < b.first!.subject) {
                return merge(parts)
            }
            for slice in slices { out += slice }
        }
        return out
    }

    /// Every response of the subjects with clinical records in `records`, by criterion.
    static func unordered(_ records: [CFBRecord], study: StudyDefinition) -> [ResponseRecord] {
        // The clinical records are read in place: a filtered copy of them all was, at 10 M
        // rows, a large part of the memory this step adds.
        let visits = ClinicalVisit.group(records)
        let subjects = Set(records.lazy.filter { $0.parameterCategory == "clinical" }.map(\.subject)).sorted()
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
        return out
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
