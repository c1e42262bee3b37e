import Foundation

/// The IMACS core set of myositis activity measures for a dermatomyositis subject: physician and
/// patient global VAS (0–10 cm), HAQ-DI (0–3, in eighths), MMT-8 (0–150 or 0–80), extramuscular
/// activity VAS and the muscle enzymes with their upper limits of normal.
///
/// Each measure improves by a subject-specific share of the subject's response level, so that
/// responders typically improve ≥ 20 % on four or more measures (IMACS definition of
/// improvement: Rider et al., Arthritis Rheum 2004) and non-responders on fewer; some
/// non-responders drift worse.
enum DermatomyositisClinical {
    static let measures = ["PHGA", "PTGA", "MMT8", "HAQ", "ENZYMES", "EXTRAMUSCULAR"]

    static func generate(_ trial: TrialDesign, _ s: Subject, seed: UInt64) -> ClinicalOutput {
        var rng = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/clinical")
        let mmtMax = Double(trial.mmtMaximum)
        // Baseline disease activity.
        let phga = rng.uniform(4.5, 7.5), ptga = rng.uniform(4.0, 8.5)
        let haq = Double(rng.int(6...16)) / 8
        let mmt = trial.mmtMaximum == 150 ? Double(rng.int(104...138)) : Double(rng.int(55...74))
        let extra = rng.uniform(2.5, 6.5)
        let uln: [String: Double] = [
            "CK": s.sex == "F" ? 170 : 200, "ALDOLASE": 7.6, "LDH": 250,
            "AST": s.sex == "F" ? 35 : 40, "ALT": s.sex == "F" ? 35 : 45,
        ]
        let activity = rng.logNormal(median: 1.8, cv: 0.8)
        let ratio: [String: Double] = [
            "CK": activity,
            "ALDOLASE": 0.7 * pow(activity, 0.7) * rng.logNormal(median: 1, cv: 0.2),
            "LDH": (0.8 + 0.3 * activity.squareRoot()) * rng.logNormal(median: 1, cv: 0.1),
            "AST": (0.6 + 0.3 * activity) * rng.logNormal(median: 1, cv: 0.15),
            "ALT": (0.5 + 0.22 * activity) * rng.logNormal(median: 1, cv: 0.15),
        ]
        // Which measures respond, and how much.
        var order = measures
        rng.shuffle(&order)
        let responsive = Set(order.prefix(rng.int(4...6)))
        var strength: [String: Double] = [:]
        for m in measures { strength[m] = responsive.contains(m) ? rng.uniform(0.4, 0.75) : rng.uniform(-0.05, 0.15) }
        let drifts = !s.responder && rng.bernoulli(0.3)

        var out = ClinicalOutput()
        for (visit, date) in s.clinicalVisits {
            let day = s.studyDay(date)
            let level = day <= 1 ? 0 : s.responseLevel(day: day, openLabelDay: trial.openLabelDay)
            let drift = drifts ? 0.3 * min(1, max(0, Double(day - 1) / 84)) : 0
            func f(_ m: String, _ sd: Double) -> Double {
                visit.day == 1 ? rng.normal(0, sd / 3) : strength[m]! * level - drift + rng.normal(0, sd)
            }
            func row(_ instrument: String, item: String = "TOTAL", _ value: String, unit: String = "", uln: String = "") {
                out.clinical.append(
                    ClinicalRow(
                        subject: s.id, visit: visit.name, date: date, instrument: instrument,
                        item: item, value: value, unit: unit, uln: uln))
            }
            let screening = visit.day < 1
            if !screening {
                row("PHGA", NumberText.fixed(clamp(phga * (1 - f("PHGA", 0.07)), 0, 10), 1), unit: "cm")
                row("PTGA", NumberText.fixed(clamp(ptga * (1 - f("PTGA", 0.09)), 0, 10), 1), unit: "cm")
                let gain = f("MMT8", 0.03)
                let mmtValue = mmt + (gain >= 0 ? (mmtMax - mmt) * gain : mmt * gain * 0.3) + rng.normal(0, mmtMax / 80)
                row("MMT8", String(Int(clamp(mmtValue, 0, mmtMax).rounded())))
                row("HAQ", NumberText.trimmed(clamp((haq * (1 - f("HAQ", 0.06)) * 8).rounded() / 8, 0, 3), 3))
                row("EXTRAMUSCULAR", NumberText.fixed(clamp(extra * (1 - f("EXTRAMUSCULAR", 0.08)), 0, 10), 1), unit: "cm")
            }
            let fe = f("ENZYMES", 0.1)
            for item in ["CK", "ALDOLASE", "LDH", "AST", "ALT"] {
                let u = uln[item]!
                let v = u * ratio[item]! * max(0.25, 1 - 0.8 * fe) * rng.logNormal(median: 1, cv: 0.08)
                row(
                    "ENZYMES", item: item, item == "ALDOLASE" ? NumberText.fixed(v, 1) : String(Int(v.rounded())),
                    unit: "U/L", uln: NumberText.trimmed(u, 1))
            }
        }
        return out
    }
}

func clamp(_ x: Double, _ low: Double, _ high: Double) -> Double { min(high, max(low, x)) }
