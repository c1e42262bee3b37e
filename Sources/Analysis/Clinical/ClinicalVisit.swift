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
        let clinical = records.lazy.filter { $0.parameterCategory == "clinical" } // read in place, not copied
        struct Key: Hashable { var subject, basetype, code: String }
        struct SubjectKey: Hashable { var subject, basetype: String }
        var baselines: [Key: CFBRecord] = [:]
        var baselinesOf: [SubjectKey: [Key]] = [:]
        for r in clinical where r.baselineFlag {
            let key = Key(subject: r.subject, basetype: r.basetype, code: r.parameterCode)
            if baselines.updateValue(r, forKey: key) == nil {
                baselinesOf[SubjectKey(subject: r.subject, basetype: r.basetype), default: []].append(key)
            }
        }
        struct VisitKey: Hashable { var subject, basetype, visit: String }
        var visits: [VisitKey: ClinicalVisit] = [:]
        // The baseline record itself is no post-baseline visit: a second (open-label) baseline
        // at Week 12 must not be scored as "no improvement" at Week 12.
        for r in clinical where r.analysisFlag && !r.analysisVisit.isEmpty && !r.baselineFlag {
            let key = VisitKey(subject: r.subject, basetype: r.basetype, visit: r.analysisVisit)
            let b = baselines[Key(subject: r.subject, basetype: r.basetype, code: r.parameterCode)]
            let o = ClinicalObservation(
                value: r.value, text: r.isCategorical ? r.valueText : "", unit: r.unit,
                base: r.base, baseText: r.baseText,
                upperLimitOfNormal: r.upperLimitOfNormal,
                baseUpperLimitOfNormal: b?.upperLimitOfNormal ?? .nan,
                note: r.note, baseNote: b?.note ?? "")
            visits[
                key,
                default: ClinicalVisit(
                    studyID: r.studyID, subject: r.subject, basetype: r.basetype,
                    visit: r.analysisVisit, visitNumber: r.analysisVisitNumber,
                    observations: [:], baselineOnly: [:])
            ].observations[r.parameterCode] = o
        }
        for key in visits.keys {
            for bk in baselinesOf[SubjectKey(subject: key.subject, basetype: key.basetype)] ?? []
            where visits[key]!.observations[bk.code] == nil {
                let b = baselines[bk]!
                visits[key]!.baselineOnly[bk.code] = ClinicalObservation(
                    value: .nan, text: "", unit: b.unit, base: b.isCategorical ? .nan : b.value,
                    baseText: b.isCategorical ? b.valueText : "", upperLimitOfNormal: .nan,
                    baseUpperLimitOfNormal: b.upperLimitOfNormal, note: "", baseNote: b.note)
            }
        }
        return visits.values.sorted {
            ($0.subject, $0.basetype, $0.visitNumber ?? Int.min, $0.visit)
                < ($1.subject, $1.basetype, $1.visitNumber ?? Int.min, $1.visit)
        }
    }
}
