import Foundation

/// SLE disease activity of a subject over the visits: the 24 SLEDAI-2K descriptors (0/1, plus
/// the total the CRF computes), the physician global assessment (0–3) and the BILAG-2004
/// domain grades (A–E) derived from the active descriptors, so the three instruments agree.
/// Serology (C3, C4, anti-dsDNA) goes to the LIMS export, consistent with the `LOW_COMPLEMENT`
/// and `INCREASED_DNA_BINDING` descriptors.
///
/// Entry requires SLEDAI-2K ≥ 8. Responders lose clinical descriptors over the first 12 weeks
/// (SRI-4 needs a 4-point reduction); non-responders lose few and may flare.
enum LupusClinical {
    /// Descriptor, SLEDAI-2K weight, prevalence at entry in a moderately-to-severely active
    /// trial population.
    static let descriptors: [(item: String, weight: Int, prevalence: Double)] = [
        ("SEIZURE", 8, 0), ("PSYCHOSIS", 8, 0), ("ORGANIC_BRAIN_SYNDROME", 8, 0), ("VISUAL_DISTURBANCE", 8, 0),
        ("CRANIAL_NERVE_DISORDER", 8, 0), ("LUPUS_HEADACHE", 8, 0.02), ("CVA", 8, 0), ("VASCULITIS", 8, 0.07),
        ("ARTHRITIS", 4, 0.65), ("MYOSITIS", 4, 0.04), ("URINARY_CASTS", 4, 0.05), ("HEMATURIA", 4, 0.1),
        ("PROTEINURIA", 4, 0.3), ("PYURIA", 4, 0.05),
        ("RASH", 2, 0.6), ("ALOPECIA", 2, 0.35), ("MUCOSAL_ULCERS", 2, 0.25), ("PLEURISY", 2, 0.07),
        ("PERICARDITIS", 2, 0.03), ("LOW_COMPLEMENT", 2, 0.75), ("INCREASED_DNA_BINDING", 2, 0.7),
        ("FEVER", 1, 0.1), ("THROMBOCYTOPENIA", 1, 0.1), ("LEUKOPENIA", 1, 0.25),
    ]
    static let serological: Set<String> = ["LOW_COMPLEMENT", "INCREASED_DNA_BINDING"]

    static func generate(_ trial: TrialDesign, _ s: Subject, seed: UInt64) -> ClinicalOutput {
        var rng = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/clinical")
        let weights = Dictionary(uniqueKeysWithValues: descriptors.map { ($0.item, $0.weight) })
        // Entry: draw descriptors until SLEDAI-2K ≥ 8 (and not implausibly high).
        var active: Set<String> = []
        for _ in 0..<50 {
            active = Set(descriptors.filter { rng.bernoulli($0.prevalence) }.map(\.item))
            let total = active.reduce(0) { $0 + weights[$1]! }
            if total >= 8 && total <= 22 { break }
        }
        if active.reduce(0, { $0 + weights[$1]! }) < 8 { active.formUnion(["ARTHRITIS", "RASH", "LOW_COMPLEMENT"]) }

        // Each active descriptor may resolve on some day; a flare may add one.
        var resolves: [String: Int] = [:]
        let level84 = s.responseLevel(day: 85, openLabelDay: trial.openLabelDay)
        // Sets iterate in a per-process order: walk the descriptors in their fixed order instead.
        for d in descriptors.map(\.item) where active.contains(d) {
            let p = serological.contains(d) ? 0.35 * level84 + 0.05 : 0.85 * level84 + 0.05
            if rng.bernoulli(p) { resolves[d] = rng.int(10...84) }
        }
        if s.responder {
            // Make sure the 4-point SRI reduction is reached by Week 12.
            let reduction = resolves.keys.reduce(0) { $0 + weights[$1]! }
            if reduction < 4,
                let d = active.filter({ !serological.contains($0) && resolves[$0] == nil })
                    .sorted(by: { weights[$0]! > weights[$1]! || (weights[$0]! == weights[$1]! && $0 < $1) }).first
            {
                resolves[d] = rng.int(20...70)
            }
        }
        var flare: (item: String, day: Int)?
        if !s.responder && rng.bernoulli(0.3) {
            let candidates = ["ARTHRITIS", "RASH", "MUCOSAL_ULCERS", "ALOPECIA", "PROTEINURIA", "LEUKOPENIA"].filter {
                !active.contains($0)
            }
            if !candidates.isEmpty { flare = (rng.pick(candidates), rng.int(20...80)) }
        }
        let everActive = active.union(flare.map { [$0.item] } ?? [])
        let pgaBase = rng.uniform(1.5, 2.5)
        let baseTotal = Double(active.reduce(0) { $0 + weights[$1]! })
        let priorRenal = rng.bernoulli(0.2), priorHaem = rng.bernoulli(0.25)
        let c3Base = rng.uniform(0.45, 0.85), c4Base = rng.uniform(0.05, 0.12), dnaBase = rng.logNormal(median: 260, cv: 0.6)

        var out = ClinicalOutput()
        for (visit, date) in s.clinicalVisits {
            let day = s.studyDay(date)
            var now = active.filter { d in resolves[d].map { day < $0 } ?? true }
            if let f = flare, day >= f.day { now.insert(f.item) }
            func row(_ instrument: String, _ item: String, _ value: String) {
                out.clinical.append(
                    ClinicalRow(
                        subject: s.id, visit: visit.name, date: date, instrument: instrument,
                        item: item, value: value))
            }
            var total = 0
            for d in descriptors {
                let present = now.contains(d.item)
                if present { total += d.weight }
                row("SLEDAI2K", d.item, present ? "1" : "0")
            }
            row("SLEDAI2K", "TOTAL", String(total))
            let pga = clamp(pgaBase * pow(Double(max(total, 1)) / baseTotal, 0.7) + rng.normal(0, 0.12), 0, 3)
            row("PGA", "TOTAL", NumberText.fixed(pga, 1))
            for (domain, grade) in bilag(now: now, ever: everActive, priorRenal: priorRenal, priorHaem: priorHaem) {
                row("BILAG", domain, grade)
            }

            // Serology, consistent with the descriptors.
            let lowComplement = now.contains("LOW_COMPLEMENT")
            let c3 = lowComplement ? c3Base * rng.logNormal(median: 1, cv: 0.08) : rng.uniform(0.92, 1.35)
            let c4 = lowComplement ? c4Base * rng.logNormal(median: 1, cv: 0.1) : rng.uniform(0.13, 0.3)
            let dna =
                now.contains("INCREASED_DNA_BINDING")
                ? max(110, dnaBase * rng.logNormal(median: 1, cv: 0.15))
                : rng.logNormal(median: 35, cv: 0.8)
            func lims(_ analyte: String, _ value: String, _ unit: String) {
                out.lims.append(
                    LimsRow(
                        subject: s.id, visit: visit.name, date: date, assay: "clinical", analyte: analyte,
                        statistic: "value", value: value, unit: unit))
            }
            lims("C3", NumberText.fixed(c3, 2), "g/L")
            lims("C4", NumberText.fixed(c4, 3), "g/L")
            lims("ANTI_DSDNA", dna < 10 ? "<10" : NumberText.fixed(dna, 1), "IU/mL")
        }
        return out
    }

    /// BILAG-2004 grades from the active SLEDAI descriptors: A severe, B moderate, C mild,
    /// D previously active, E never involved.
    static func bilag(now: Set<String>, ever: Set<String>, priorRenal: Bool, priorHaem: Bool) -> [(String, String)] {
        func grade(_ severe: Bool, _ moderate: Bool, _ mild: Bool, history: Bool) -> String {
            if severe { return "A" }
            if moderate { return "B" }
            if mild { return "C" }
            return history ? "D" : "E"
        }
        func any(_ items: [String], in set: Set<String>) -> Bool { items.contains { set.contains($0) } }
        let skin = ["RASH", "ALOPECIA", "MUCOSAL_ULCERS", "VASCULITIS"]
        let renal = ["PROTEINURIA", "URINARY_CASTS", "HEMATURIA", "PYURIA"]
        let haem = ["THROMBOCYTOPENIA", "LEUKOPENIA"]
        let cardio = ["PLEURISY", "PERICARDITIS"]
        return [
            ("CONSTITUTIONAL", grade(false, false, now.contains("FEVER"), history: ever.contains("FEVER"))),
            (
                "MUCOCUTANEOUS",
                grade(
                    false, now.contains("VASCULITIS") || (now.contains("RASH") && any(["ALOPECIA", "MUCOSAL_ULCERS"], in: now)),
                    any(skin, in: now), history: any(skin, in: ever))
            ),
            ("NEUROPSYCHIATRIC", grade(false, now.contains("LUPUS_HEADACHE"), false, history: ever.contains("LUPUS_HEADACHE"))),
            (
                "MUSCULOSKELETAL",
                grade(false, any(["ARTHRITIS", "MYOSITIS"], in: now), false, history: any(["ARTHRITIS", "MYOSITIS"], in: ever))
            ),
            ("CARDIORESPIRATORY", grade(false, any(cardio, in: now), false, history: any(cardio, in: ever))),
            ("GASTROINTESTINAL", "E"),
            ("OPHTHALMIC", "E"),
            (
                "RENAL",
                grade(
                    now.contains("PROTEINURIA") && any(["URINARY_CASTS", "HEMATURIA"], in: now),
                    any(["PROTEINURIA", "URINARY_CASTS"], in: now), any(["HEMATURIA", "PYURIA"], in: now),
                    history: priorRenal || any(renal, in: ever))
            ),
            ("HAEMATOLOGICAL", grade(false, false, any(haem, in: now), history: priorHaem || any(haem, in: ever))),
        ]
    }
}
