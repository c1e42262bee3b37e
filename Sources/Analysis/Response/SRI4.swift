/// The SLE Responder Index with a 4-point SLEDAI-2K reduction (SRI-4).
///
/// Sources: Furie RA, Petri MA, Wallace DJ, et al. Novel evidence-based systemic lupus
/// erythematosus responder index. Arthritis Rheum 2009;61:1143–51; SLEDAI-2K weights from
/// Gladman DD, Ibañez D, Urowitz MB. J Rheumatol 2002;29:288–91.
///
/// A responder has (1) a SLEDAI-2K reduction ≥ 4 from baseline, (2) no new BILAG A and no more
/// than one new BILAG B organ domain, and (3) no worsening of the physician global assessment
/// (0–3) by ≥ 0.3. When BILAG is not recorded, (2) cannot be assessed: the result is given on
/// (1) and (3) and its reason says so.
public enum SRI4 {
    public struct Parameters: Sendable, Hashable {
        public var sledaiReduction: Double
        public var pgaWorsening: Double
        public var maximumNewBILAGB: Int
        public init(sledaiReduction: Double = 4, pgaWorsening: Double = 0.3, maximumNewBILAGB: Int = 1) {
            self.sledaiReduction = sledaiReduction
            self.pgaWorsening = pgaWorsening
            self.maximumNewBILAGB = maximumNewBILAGB
        }
    }

    /// The 24 SLEDAI-2K descriptors (item codes) with their weights.
    public static let sledaiWeights: [(item: String, weight: Int)] = [
        ("SEIZURE", 8), ("PSYCHOSIS", 8), ("ORGANIC_BRAIN_SYNDROME", 8), ("VISUAL_DISTURBANCE", 8),
        ("CRANIAL_NERVE_DISORDER", 8), ("LUPUS_HEADACHE", 8), ("CVA", 8), ("VASCULITIS", 8),
        ("ARTHRITIS", 4), ("MYOSITIS", 4), ("URINARY_CASTS", 4), ("HEMATURIA", 4), ("PROTEINURIA", 4), ("PYURIA", 4),
        ("RASH", 2), ("ALOPECIA", 2), ("MUCOSAL_ULCERS", 2), ("PLEURISY", 2), ("PERICARDITIS", 2),
        ("LOW_COMPLEMENT", 2), ("INCREASED_DNA_BINDING", 2),
        ("FEVER", 1), ("THROMBOCYTOPENIA", 1), ("LEUKOPENIA", 1),
    ]

    /// SLEDAI-2K from descriptor presence (0 = absent, 1 = present): the sum of the weights of
    /// present descriptors. All 24 must be given.
    public static func sledaiTotal(descriptors: [String: Double]) -> Result<Double, ReasonList> {
        var total = 0.0
        var problems: [String] = []
        for (item, weight) in sledaiWeights {
            guard let v = descriptors[item], !v.isNaN else {
                problems.append("SLEDAI-2K descriptor \(item)")
                continue
            }
            guard v == 0 || v == 1 else {
                problems.append("SLEDAI-2K descriptor \(item) = \(v) (expected 0 or 1)")
                continue
            }
            total += v * Double(weight)
        }
        return problems.isEmpty ? .success(total) : .failure(ReasonList(problems))
    }

    enum TimePoint { case baseline, visit }

    /// SLEDAI-2K at a time point: from the descriptors when any is recorded there, else the total.
    static func sledai(_ v: ClinicalVisit, at t: TimePoint) -> Result<Double, ReasonList> {
        func value(_ code: String) -> Double? {
            switch t {
            case .baseline: return v.baseline(code).map(\.value)
            case .visit: return v.observation(code)?.value
            }
        }
        var descriptors: [String: Double] = [:]
        for (item, _) in sledaiWeights {
            if let x = value(ClinicalInstrument.code(ClinicalInstrument.sledai2k, item)), !x.isNaN { descriptors[item] = x }
        }
        let when = t == .baseline ? "baseline" : v.visit
        if !descriptors.isEmpty {
            switch sledaiTotal(descriptors: descriptors) {
            case .success(let s): return .success(s)
            case .failure(let r): return .failure(ReasonList(r.reasons.map { "\($0) at \(when)" }))
            }
        }
        if let total = value(ClinicalInstrument.code(ClinicalInstrument.sledai2k)), !total.isNaN { return .success(total) }
        return .failure(ReasonList(["SLEDAI-2K at \(when)"]))
    }

    public static func evaluate(_ visit: ClinicalVisit, parameters p: Parameters) -> ResponseRecord {
        var missing: [String] = []
        var base = Double.nan, now = Double.nan
        switch sledai(visit, at: .baseline) {
        case .success(let s): base = s
        case .failure(let r): missing += r.reasons
        }
        switch sledai(visit, at: .visit) {
        case .success(let s): now = s
        case .failure(let r): missing += r.reasons
        }
        let pgaCode = ClinicalInstrument.code(ClinicalInstrument.slePhysicianGlobal)
        let pgaBase = visit.baseline(pgaCode)?.value ?? .nan
        let pgaNow = visit.observation(pgaCode)?.value ?? .nan
        if pgaBase.isNaN { missing.append("physician global assessment at baseline") }
        if pgaNow.isNaN { missing.append("physician global assessment at \(visit.visit)") }

        // BILAG: new A = A now and not A at baseline; new B = B now and C, D or E at baseline.
        var bilagRecorded = false
        var newA: [String] = [], newB: [String] = []
        for domain in ClinicalInstrument.bilagDomains {
            let code = ClinicalInstrument.code(ClinicalInstrument.bilag, domain)
            let b = visit.baseline(code)?.text ?? ""
            let n = visit.observation(code)?.text ?? ""
            if b.isEmpty && n.isEmpty { continue }
            bilagRecorded = true
            guard let gb = bilagGrade(b) else {
                missing.append("BILAG \(domain) at baseline" + (b.isEmpty ? "" : " ('\(b)' is not A–E)"))
                continue
            }
            guard let gn = bilagGrade(n) else {
                missing.append("BILAG \(domain) at \(visit.visit)" + (n.isEmpty ? "" : " ('\(n)' is not A–E)"))
                continue
            }
            if gn == "A" && gb != "A" { newA.append(domain) }
            if gn == "B" && !["A", "B"].contains(gb) { newB.append(domain) }
        }
        if !missing.isEmpty { return .missing(visit, "SRI4", missing) }

        let reduction = base - now
        let sledaiOK = snapped(reduction) >= p.sledaiReduction
        let pgaOK = snapped(pgaNow - pgaBase) < p.pgaWorsening
        var reasons: [String] = ["SLEDAI-2K \(base.formatted0) → \(now.formatted0)"]
        if !sledaiOK { reasons.append("reduction < \(p.sledaiReduction.formatted0)") }
        if !pgaOK { reasons.append("PGA worse by ≥ \(p.pgaWorsening)") }
        var bilagOK = true
        if bilagRecorded {
            bilagOK = newA.isEmpty && newB.count <= p.maximumNewBILAGB
            if !newA.isEmpty { reasons.append("new BILAG A: " + newA.joined(separator: ", ")) }
            if newB.count > p.maximumNewBILAGB { reasons.append("new BILAG B: " + newB.joined(separator: ", ")) }
        } else {
            reasons.append("BILAG not recorded: no-new-BILAG-A/B condition not assessed")
        }
        let responder = sledaiOK && pgaOK && bilagOK
        return ResponseRecord(
            studyID: visit.studyID, subject: visit.subject, basetype: visit.basetype, visit: visit.visit,
            visitNumber: visit.visitNumber, criterion: "SRI4", score: now, change: now - base,
            category: responder ? "response" : "no response", responder: responder ? .yes : .no,
            reason: reasons.joined(separator: "; "))
    }

    static func bilagGrade(_ text: String) -> String? {
        let g = text.uppercased()
        return ["A", "B", "C", "D", "E"].contains(g) ? g : nil
    }
}
