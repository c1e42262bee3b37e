import Domain
import Foundation

/// The differential blood count of a subject at a visit (cells/µL). Drawn from its own stream
/// per visit, so `blood_counts.csv` and the LIMS export report the same numbers. SLE runs
/// lymphopenic; low-dose IL-2 raises eosinophils (a known, dose-related effect) and slightly
/// lymphocytes.
struct Hematology {
    var lymphocytes: Double
    var neutrophils: Double
    var eosinophils: Double
    var monocytes: Double

    static func at(_ trial: TrialDesign, _ s: Subject, visit: VisitPlan, date: CivilDate, seed: UInt64) -> Hematology {
        var base = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/hematology")
        let lymphMedian: Double = trial.disease == .lupus ? 1000 : (trial.disease == .polymyalgia ? 1600 : 1300)
        let lymph = base.logNormal(median: lymphMedian, cv: 0.3)
        let neut = base.logNormal(median: trial.disease == .polymyalgia ? 5200 : 4200, cv: 0.3)
        let eos = base.logNormal(median: 150, cv: 0.5)
        let mono = base.logNormal(median: 480, cv: 0.25)
        var rng = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/\(visit.name)/hematology")
        let day = s.studyDay(date)
        let e = s.pharmacology == .lowDoseIL2 ? s.course.effect(day: day) : 0
        return Hematology(
            lymphocytes: lymph * (1 + 0.1 * e) * rng.logNormal(median: 1, cv: 0.1),
            neutrophils: neut * rng.logNormal(median: 1, cv: 0.15),
            eosinophils: eos * (1 + 1.2 * e) * rng.logNormal(median: 1, cv: 0.2),
            monocytes: mono * rng.logNormal(median: 1, cv: 0.12))
    }
}

/// The trial's supporting listings: first doses, blood counts, glucocorticoids, adverse events
/// and the sealed randomization, in the column layouts of the clinical readers.
enum SupportingTables {
    static func firstDoses(_ trial: TrialDesign, _ subjects: [Subject]) -> CSVTable {
        var t = CSVTable(["subject", "date", "period"])
        for s in subjects {
            t.add([s.id, s.firstDose.iso, ""])
            // Everyone starts open-label IL-2 at Week 12 (placebo switches; blinding is kept
            // because IL-2 subjects get the same row).
            if let ol = trial.openLabelDay, let w = s.visitDates.first(where: { $0.visit.day == ol }) {
                t.add([s.id, w.date.iso, "open-label"])
            }
        }
        return t
    }

    static func bloodCounts(_ trial: TrialDesign, _ subjects: [Subject], seed: UInt64) -> CSVTable {
        var t =
            trial.bloodCountsInGigaPerLitre
            ? CSVTable(["subject", "visit", "date", "Lymphocytes (10^9/L)"])
            : CSVTable(["subject", "visit", "date", "lymphocytes", "unit"])
        for s in subjects {
            for (visit, date) in s.visitDates {
                let h = Hematology.at(trial, s, visit: visit, date: date, seed: seed)
                if trial.bloodCountsInGigaPerLitre {
                    t.add([s.id, visit.name, date.iso, NumberText.fixed(h.lymphocytes / 1000, 2)])
                } else {
                    t.add([s.id, visit.name, date.iso, String(Int((h.lymphocytes / 10).rounded()) * 10), "cells/µL"])
                }
            }
        }
        return t
    }

    static func hematologyLims(_ trial: TrialDesign, _ s: Subject, seed: UInt64) -> [LimsRow] {
        var rows: [LimsRow] = []
        for (visit, date) in s.visitDates {
            let h = Hematology.at(trial, s, visit: visit, date: date, seed: seed)
            // The central LIMS normalises to cells/µL at 10-cell resolution.
            for (analyte, value) in [
                ("LYMPHOCYTES", (h.lymphocytes / 10).rounded() * 10), ("NEUTROPHILS", (h.neutrophils / 10).rounded() * 10),
                ("EOSINOPHILS", (h.eosinophils / 10).rounded() * 10), ("MONOCYTES", (h.monocytes / 10).rounded() * 10),
            ] {
                rows.append(
                    LimsRow(
                        subject: s.id, visit: visit.name, date: date, assay: "clinical", analyte: analyte,
                        statistic: "abs_count", value: String(Int(value)), unit: "cells/µL"))
            }
        }
        return rows
    }

    /// Concomitant glucocorticoids as dosing intervals. Myositis and SLE protocols hold the dose
    /// stable until the primary end point, then responders taper; PMR subjects taper prednisone
    /// by 2.5 mg every 4 weeks, and non-responders flare and step back up.
    static func glucocorticoids(_ trial: TrialDesign, _ subjects: [Subject], seed: UInt64) -> CSVTable {
        var t = CSVTable(["subject", "drug", "dose", "start", "end"])
        for s in subjects {
            var rng = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/glucocorticoids")
            let entry = s.visitDates.first!.date
            let start = entry + (-rng.int(45...400))
            let last = s.visitDates.last!.date
            func add(_ drug: String, _ dose: Double, _ from: CivilDate, _ to: CivilDate?) {
                t.add([s.id, drug, NumberText.trimmed(dose, 2), from.iso, to?.iso ?? ""])
            }
            switch trial.disease {
            case .dermatomyositis, .lupus:
                if trial.disease == .dermatomyositis && rng.bernoulli(0.2) { continue } // steroid-free
                let methyl = rng.bernoulli(0.15)
                let doses: [Double] = methyl ? [4, 8, 12] : (trial.disease == .lupus ? [5, 7.5, 10, 15] : [5, 7.5, 10, 15, 20])
                let dose = rng.pick(doses)
                let drug = methyl ? "Methylprednisolone" : "Prednisone"
                let taperDay = trial.disease == .lupus ? 57 : 113
                if s.responder, let taper = s.visitDates.first(where: { $0.visit.day >= taperDay })?.date, dose > 5 {
                    add(drug, dose, start, taper + (-1))
                    add(drug, dose - (methyl ? 4 : 2.5), taper, nil)
                } else {
                    add(drug, dose, start, nil)
                }
            case .polymyalgia:
                var dose = rng.pick([10.0, 12.5, 15])
                var from = start
                var day = s.firstDose
                var flared = false
                while day < last {
                    let next = day + 28
                    day = next
                    var newDose = dose
                    if !s.responder && !flared && next - s.firstDose > 50 && rng.bernoulli(0.6) {
                        newDose += 5
                        flared = true
                    } else if dose > 5 {
                        newDose -= 2.5
                    }
                    // A row per change of dose, as the concomitant-medication log records it.
                    if newDose != dose {
                        add("Prednisone", dose, from, next + (-1))
                        from = next
                        dose = newDose
                    }
                }
                add("Prednisone", dose, from, nil)
            }
        }
        return t
    }

    /// Adverse events: injection-site reactions and flu-like symptoms with IL-2 (fewer with
    /// placebo injections), infections in every arm, and the event that ended an early
    /// discontinuation.
    static func adverseEvents(_ trial: TrialDesign, _ subjects: [Subject], seed: UInt64) -> CSVTable {
        var t = CSVTable(["subject", "term", "grade", "onset", "serious"])
        for s in subjects {
            var rng = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/adverse-events")
            let first = s.firstDose, last = s.visitDates.last!.date
            let span = max(1, last - first)
            var events: [(CivilDate, String, Int, Bool)] = []
            func onset() -> CivilDate { first + rng.int(1...span) }
            // Every arm injects (IL-2, placebo and abatacept are all subcutaneous).
            if rng.bernoulli(s.arm.drug == .lowDoseIL2 ? 0.6 : 0.15) {
                events.append((first + rng.int(1...10), "Injection site reaction", 1, false))
            }
            if s.arm.drug == .lowDoseIL2 && rng.bernoulli(0.3) {
                events.append((first + rng.int(1...20), "Influenza like illness", 1, false))
            }
            if s.arm.drug == .lowDoseIL2 && rng.bernoulli(0.15) { events.append((first + rng.int(1...20), "Pyrexia", 1, false)) }
            if rng.bernoulli(0.35) { events.append((onset(), "Upper respiratory tract infection", rng.int(1...2), false)) }
            if rng.bernoulli(0.15) { events.append((onset(), "Headache", 1, false)) }
            if rng.bernoulli(0.1) { events.append((onset(), "Urinary tract infection", 2, false)) }
            if rng.bernoulli(0.05) { events.append((onset(), "Herpes zoster", 2, false)) }
            if s.discontinuedAfter != nil {
                events.append((last + rng.int(3...20), rng.pick(["Pneumonia", "Disease flare"]), 3, true))
            }
            for (date, term, grade, serious) in events.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
                t.add([s.id, term, String(grade), date.iso, serious ? "Y" : "N"])
            }
        }
        return t
    }

    static func randomization(_ subjects: [Subject]) -> CSVTable {
        var t = CSVTable(["subject", "arm"])
        for s in subjects { t.add([s.id, s.arm.code]) }
        return t
    }
}
