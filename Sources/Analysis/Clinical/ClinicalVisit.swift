/// One clinical parameter of a subject at an analysis visit, with its baseline.
public struct ClinicalObservation: Sendable, Hashable {
    public var value: Double
    public var text: String
    public var unit: String
    public var base: Double
    public var baseText: String
    /// ULN at the visit and at baseline (muscle enzymes).
    public var upperLimitOfNormal: Double
    public var baseUpperLimitOfNormal: Double
    /// The record's note (LLOQ imputation and the like), carried into response reasons.
    public var note: String
    public var baseNote: String
}

/// Everything a response criterion needs for one subject at one analysis visit: each clinical
/// parameter's analysed value (ANL01FL) and its baseline, keyed by PARAMCD. Built from the
/// change-from-baseline dataset so that windows and baseline are defined once, for immune and
/// clinical data alike.
public struct ClinicalVisit: Sendable, Hashable {
    public var studyID: String
    public var subject: String
    public var basetype: String
    public var visit: String
    public var visitNumber: Int?
    public var observations: [String: ClinicalObservation]
    /// Parameters with a baseline record but no analysed value at this visit.
    public var baselineOnly: [String: ClinicalObservation]

    public func observation(_ code: String) -> ClinicalObservation? { observations[code] }

    /// Baseline value of a parameter, whether or not it was measured at this visit.
    public func baseline(_ code: String) -> (value: Double, text: String, uln: Double)? {
        if let o = observations[code] ?? baselineOnly[code] { return (o.base, o.baseText, o.baseUpperLimitOfNormal) }
        return nil
    }

    /// Groups the clinical rows of a CFB dataset into subject × BASETYPE × analysis visit.
    public static func group(_ records: [CFBRecord]) -> [ClinicalVisit] {
        // Records are read where they lie, by index: iterating them (or keeping the baselines
        // as records) copied each one, retaining its fifteen strings, and that was most of
        // the responses' time at 10 M rows.
        let clinical = records.indices.filter { records[$0].parameterCategory == "clinical" }
        struct Key: Hashable { var subject, basetype, code: String }
        struct SubjectKey: Hashable { var subject, basetype: String }
        var baselines: [Key: Int] = [:]
        var baselinesOf: [SubjectKey: [Key]] = [:]
        for i in clinical where records[i].baselineFlag {
            let key = Key(subject: records[i].subject, basetype: records[i].basetype, code: records[i].parameterCode)
            if baselines.updateValue(i, forKey: key) == nil {
                baselinesOf[SubjectKey(subject: records[i].subject, basetype: records[i].basetype), default: []].append(key)
            }
        }
        struct VisitKey: Hashable { var subject, basetype, visit: String }
        var visits: [VisitKey: ClinicalVisit] = [:]
        // The baseline record itself is no post-baseline visit: a second (open-label) baseline
        // at Week 12 must not be scored as "no improvement" at Week 12.
        for i in clinical where records[i].analysisFlag && !records[i].analysisVisit.isEmpty && !records[i].baselineFlag {
            let key = VisitKey(subject: records[i].subject, basetype: records[i].basetype, visit: records[i].analysisVisit)
            let b = baselines[Key(subject: records[i].subject, basetype: records[i].basetype, code: records[i].parameterCode)]
            let o = ClinicalObservation(
                value: records[i].value, text: records[i].isCategorical ? records[i].valueText : "",
                unit: records[i].unit, base: records[i].base, baseText: records[i].baseText,
                upperLimitOfNormal: records[i].upperLimitOfNormal,
                baseUpperLimitOfNormal: b.map { records[$0].upperLimitOfNormal } ?? .nan,
                note: records[i].note, baseNote: b.map { records[$0].note } ?? "")
            visits[
                key,
                default: ClinicalVisit(
                    studyID: records[i].studyID, subject: records[i].subject, basetype: records[i].basetype,
                    visit: records[i].analysisVisit, visitNumber: records[i].analysisVisitNumber,
                    observations: [:], baselineOnly: [:])
            ].observations[records[i].parameterCode] = o
        }
        for key in visits.keys {
            for bk in baselinesOf[SubjectKey(subject: key.subject, basetype: key.basetype)] ?? []
            where visits[key]!.observations[bk.code] == nil {
                let b = baselines[bk]!
                visits[key]!.baselineOnly[bk.code] = ClinicalObservation(
                    value: .nan, text: "", unit: records[b].unit, base: records[b].isCategorical ? .nan : records[b].value,
                    baseText: records[b].isCategorical ? records[b].valueText : "", upperLimitOfNormal: .nan,
                    baseUpperLimitOfNormal: records[b].upperLimitOfNormal, note: "", baseNote: records[b].note)
            }
        }
        // By subject, BASETYPE, AVISITN (none first) and AVISIT; no two visits tie on all four.
        // Compared field by field in place: a tuple of each pair's strings was built per comparison.
        let all = Array(visits.values)
        let order = all.indices.sorted { a, b in
            if all[a].subject != all[b].subject { return all[a].subject < all[b].subject }
            if all[a].basetype != all[b].basetype { return all[a].basetype < all[b].basetype }
            let na = all[a].visitNumber ?? Int.min, nb = all[b].visitNumber ?? Int.min
            if na != nb { return na < nb }
            return all[a].visit < all[b].visit
        }
        return order.map { all[$0] }
    }
}
