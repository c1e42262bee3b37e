import Foundation

/// PMR activity score components (Leeb & Bird, Ann Rheum Dis 2004): CRP (mg/dL), patient pain
/// VAS and physician global VAS (0–10), morning stiffness (minutes) and elevation of the upper
/// limbs (0–3). CRP below the assay's reporting limit is written `<0.3`, as the hospital lab
/// does. ESR goes to the LIMS export.
enum PolymyalgiaClinical {
    static let crpReportingLimit = 0.3

    static func generate(_ trial: TrialDesign, _ s: Subject, seed: UInt64) -> ClinicalOutput {
        var rng = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/clinical")
        let crp = rng.logNormal(median: 2.2, cv: 0.5)
        let pain = rng.uniform(5, 8.5), physician = rng.uniform(4.5, 7.5)
        let stiffness = Double(rng.int(3...12) * 15)
        let eul = Double(rng.int(1...3))
        let esr = 25 + 12 * crp * rng.logNormal(median: 1, cv: 0.2)
        let strength = s.responder ? rng.uniform(0.8, 0.95) : rng.uniform(0.5, 0.9)

        var out = ClinicalOutput()
        for (visit, date) in s.clinicalVisits {
            let day = s.studyDay(date)
            let level = day <= 1 ? 0 : s.responseLevel(day: day, openLabelDay: trial.openLabelDay)
            let f = strength * level
            func row(_ item: String, _ value: String, unit: String = "") {
                out.clinical.append(
                    ClinicalRow(
                        subject: s.id, visit: visit.name, date: date, instrument: "PMRAS",
                        item: item, value: value, unit: unit))
            }
            let c = crp * (1 - 0.92 * f) * rng.logNormal(median: 1, cv: 0.25)
            row("CRP", c < crpReportingLimit ? "<\(NumberText.trimmed(crpReportingLimit, 1))" : NumberText.fixed(c, 2), unit: "mg/dL")
            row("PAIN_VAS", NumberText.fixed(clamp(pain * (1 - 0.85 * f) + rng.normal(0, 0.5), 0, 10), 1), unit: "cm")
            row("PHYSICIAN_VAS", NumberText.fixed(clamp(physician * (1 - 0.85 * f) + rng.normal(0, 0.4), 0, 10), 1), unit: "cm")
            let st = clamp(stiffness * (1 - 0.9 * f) + rng.normal(0, 8), 0, 240)
            row("MORNING_STIFFNESS", String(Int((st / 5).rounded()) * 5), unit: "min")
            row("EUL", String(Int(clamp((eul * (1 - f) + rng.normal(0, 0.25)).rounded(), 0, 3))))
            out.lims.append(
                LimsRow(
                    subject: s.id, visit: visit.name, date: date, assay: "clinical", analyte: "ESR",
                    statistic: "value", value: String(Int(max(2, esr * (1 - 0.75 * f) * rng.logNormal(median: 1, cv: 0.15)).rounded())),
                    unit: "mm/h"))
        }
        return out
    }
}
