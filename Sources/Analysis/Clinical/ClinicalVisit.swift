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

    /// Groups the clinical rows of a CFB dataset into subject × BASETYPE × analysis visit, in
    /// order of subject, BASETYPE, AVISITN (none first) and AVISIT.
    public static func group(_ records: [CFBRecord]) -> [ClinicalVisit] {
        // Records are read where they lie, by index: iterating them (or keeping the baselines
        // as records) copied each one, retaining its fifteen strings, and that was most of
        // the responses' time at 10 M rows. Each subject's rows are gathered first (cfb.csv
        // order keeps them together: a name is hashed once per run of its rows) and its visits
        // built with tables of its own: tables keyed by subject too were most of this
        // function's time at 10 M rows, in hashing three strings per row and in page faults
        // as they grew.
        let clinical = records.indices.filter { records[$0].parameterCategory == "clinical" }
        var rowsOf: [String: [Int]] = [:]
        var start = 0
        while start < clinical.count {
            let subject = records[clinical[start]].subject
            var end = start + 1
            while end < clinical.count, records[clinical[end]].subject == subject { end += 1 }
            rowsOf[subject, default: []].append(contentsOf: clinical[start..<end])
            start = end
        }
        return rowsOf.keys.sorted().flatMap { visits(of: rowsOf[$0]!, in: records) }
    }

    /// One subject's visits (`rows`: its clinical rows, in order), by BASETYPE, AVISITN (none
    /// first) and AVISIT.
    private static func visits(of rows: [Int], in records: [CFBRecord]) -> [ClinicalVisit] {
        struct Key: Hashable { var basetype, code: String }
        var baselines: [Key: Int] = [:]
        // Per BASETYPE, its baseline parameters in order of first appearance.
        var baselinesOf: [String: [Key]] = [:]
        for i in rows where records[i].baselineFlag {
            let key = Key(basetype: records[i].basetype, code: records[i].parameterCode)
            if baselines.updateValue(i, forKey: key) == nil { baselinesOf[key.basetype, default: []].append(key) }
        }
        struct VisitKey: Hashable { var basetype, visit: String }
        var visits: [VisitKey: ClinicalVisit] = [:]
        // The baseline record itself is no post-baseline visit: a second (open-label) baseline
        // at Week 12 must not be scored as "no improvement" at Week 12.
        for i in rows where records[i].analysisFlag && !records[i].analysisVisit.isEmpty && !records[i].baselineFlag {
            let key = VisitKey(basetype: records[i].basetype, visit: records[i].analysisVisit)
            let b = baselines[Key(basetype: records[i].basetype, code: records[i].parameterCode)]
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
            for bk in baselinesOf[key.basetype] ?? [] where visits[key]!.observations[bk.code] == nil {
                let b = baselines[bk]!
                visits[key]!.baselineOnly[bk.code] = ClinicalObservation(
                    value: .nan, text: "", unit: records[b].unit, base: records[b].isCategorical ? .nan : records[b].value,
                    baseText: records[b].isCategorical ? records[b].valueText : "", upperLimitOfNormal: .nan,
                    baseUpperLimitOfNormal: records[b].upperLimitOfNormal, note: "", baseNote: records[b].note)
            }
        }
        // No two of a subject's visits tie on all three. Compared field by field in place: a
        // tuple of each pair's strings was built per comparison.
        return visits.values.sorted { a, b in
            if a.basetype != b.basetype { return a.basetype < b.basetype }
            let na = a.visitNumber ?? Int.min, nb = b.visitNumber ?? Int.min
            if na != nb { return na < nb }
            return a.visit < b.visit
        }
    }
}
