/// The polymyalgia rheumatica activity score (PMR-AS).
///
/// Sources: Leeb BF, Bird HA. A disease activity score for polymyalgia rheumatica. Ann Rheum
/// Dis 2004;63:1279–83 (the formula); Leeb BF, Rintelen B, Sautner J, et al. The polymyalgia
/// rheumatica activity score in daily use. Rheumatology 2007;46:… (cut-offs).
///
/// PMR-AS = CRP (mg/dL) + patient pain VAS (0–10) + physician global VAS (0–10)
///          + morning stiffness (minutes) × 0.1 + elevation of the upper limbs (0–3).
/// Activity: remission ≤ 1.5, low < 7, medium 7–17, high > 17. A responder, unless the study says
/// otherwise, is in remission or low activity at the visit.
public enum PMRActivityScore {
    public enum Category: String, Sendable, Hashable, CaseIterable {
        case remission, low, medium, high
    }

    public struct Parameters: Sendable, Hashable {
        public var responderCategories: Set<Category>
        public init(responderCategories: Set<Category> = [.remission, .low]) {
            self.responderCategories = responderCategories
        }
    }

    public static func score(
        crpMgPerDL: Double, painVAS: Double, physicianVAS: Double,
        morningStiffnessMinutes: Double, elevationOfUpperLimbs: Double
    ) -> Double {
        crpMgPerDL + painVAS + physicianVAS + morningStiffnessMinutes * 0.1 + elevationOfUpperLimbs
    }

    public static func category(_ score: Double) -> Category {
        let s = snapped(score)
        if s <= 1.5 { return .remission }
        if s < 7 { return .low }
        if s <= 17 { return .medium }
        return .high
    }

    enum TimePoint { case baseline, visit }

    /// The score at a time point, or the missing or invalid components.
    static func score(_ v: ClinicalVisit, at t: TimePoint, notes: inout [String]) -> Result<Double, ReasonList> {
        let when = t == .baseline ? "baseline" : v.visit
        var problems: [String] = []
        func component(_ item: String, _ label: String, _ range: ClosedRange<Double>?) -> Double {
            let code = ClinicalInstrument.code(ClinicalInstrument.pmrAS, item)
            let o = t == .baseline ? (v.observation(code) ?? v.baselineOnly[code]) : v.observation(code)
            let x = t == .baseline ? (o?.base ?? .nan) : (o?.value ?? .nan)
            if x.isNaN {
                problems.append("\(label) at \(when)")
                return .nan
            }
            if let range, !range.contains(x) {
                problems.append("\(label) at \(when) = \(x) outside \(range.lowerBound.formatted0)–\(range.upperBound.formatted0)")
                return .nan
            }
            return x
        }
        // CRP: mg/dL by definition; mg/L is converted. Without a unit the factor 10 is unknown.
        var crp = component("CRP", "CRP", nil)
        if !crp.isNaN {
            let code = ClinicalInstrument.code(ClinicalInstrument.pmrAS, "CRP")
            let o = v.observation(code) ?? v.baselineOnly[code]
            let unit = (o?.unit ?? "").lowercased()
            switch unit {
            case "mg/dl": break
            case "mg/l": crp /= 10
            default:
                problems.append("CRP unit at \(when) is \(unit.isEmpty ? "missing" : "'\(unit)'") (mg/dL or mg/L needed)")
            }
            let note = t == .baseline ? (o?.baseNote ?? "") : (o?.note ?? "")
            if note.contains("LLOQ") { notes.append("CRP at \(when): \(note)") }
        }
        let pain = component("PAIN_VAS", "pain VAS", 0...10)
        let physician = component("PHYSICIAN_VAS", "physician VAS", 0...10)
        let stiffness = component("MORNING_STIFFNESS", "morning stiffness", 0...1440)
        let eul = component("EUL", "elevation of upper limbs", 0...3)
        if !problems.isEmpty { return .failure(ReasonList(problems)) }
        return .success(
            score(
                crpMgPerDL: crp, painVAS: pain, physicianVAS: physician,
                morningStiffnessMinutes: stiffness, elevationOfUpperLimbs: eul))
    }

    public static func evaluate(_ visit: ClinicalVisit, parameters p: Parameters) -> ResponseRecord {
        var notes: [String] = []
        var missing: [String] = []
        var now = Double.nan, base = Double.nan
        switch score(visit, at: .visit, notes: &notes) {
        case .success(let s): now = s
        case .failure(let r): missing += r.reasons
        }
        if !missing.isEmpty { return .missing(visit, "PMR_AS", missing) }
        switch score(visit, at: .baseline, notes: &notes) {
        case .success(let s): base = s
        case .failure(let r): notes.append("no change from baseline: " + r.reasons.joined(separator: ", "))
        }
        let category = category(now)
        return ResponseRecord(
            studyID: visit.studyID, subject: visit.subject, basetype: visit.basetype, visit: visit.visit,
            visitNumber: visit.visitNumber, criterion: "PMR_AS", score: now,
            change: base.isNaN ? nil : now - base, category: category.rawValue,
            responder: p.responderCategories.contains(category) ? .yes : .no,
            reason: notes.joined(separator: "; "))
    }
}
