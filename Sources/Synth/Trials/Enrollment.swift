import Domain
import Foundation

/// One enrolled subject: identity, sealed arm, clinical-response disposition, visit dates and
/// the few latent traits every export of that subject must agree on.
struct Subject: Sendable {
    var id: String
    var site: String
    var arm: ArmPlan
    var sex: String
    var age: Int
    /// Responds clinically in the first (or only) treatment period.
    var responder: Bool
    /// For placebo subjects of a trial with an open-label switch: responds once on IL-2.
    var openLabelResponder: Bool
    /// How strongly Tregs expand at full effect of IL-2 (fold − 1); responders expand more.
    var tregGain: Double
    var firstDose: CivilDate
    /// Visit name → date, for attended visits only (in schedule order).
    var visitDates: [(visit: VisitPlan, date: CivilDate)]
    /// Flow visits with no usable PBMC sample (not drawn, clotted tube).
    var missedFlow: Set<String>
    /// The last attended visit when the subject discontinued early.
    var discontinuedAfter: String?

    var course: DrugCourse { DrugCourse.of(arm) }

    func studyDay(_ date: CivilDate) -> Int {
        let d = date - firstDose
        return d >= 0 ? d + 1 : d // no Day 0, as in CDISC
    }

    /// 0…1: how far the subject's disease has improved by `day`. Drug exposure drives responders
    /// to full improvement and non-responders a quarter of the way; placebo responders improve
    /// steadily through the blinded period; placebo subjects switched to IL-2 add an open-label
    /// response.
    func responseLevel(day: Int, openLabelDay: Int?) -> Double {
        let ramp = min(1, max(0, Double(day - 1) / 84))
        switch arm.drug {
        case .placebo:
            let blinded = (responder ? 0.85 : 0.12) * ramp
            guard let ol = openLabelDay, day > ol else { return blinded }
            let active = (openLabelResponder ? 1 : 0.25) * (1 - exp(-course.exposure(day: day) / 40))
            return max(blinded, active)
        case .lowDoseIL2, .abatacept:
            return (responder ? 1 : 0.25) * (1 - exp(-course.exposure(day: day) / 40))
        }
    }

    /// The drug whose pharmacology applies: placebo subjects are modelled as IL-2 with no
    /// dosing until their open-label switch, so their effect is zero while blinded.
    var pharmacology: ArmPlan.Drug { arm.drug == .placebo ? .lowDoseIL2 : arm.drug }
}

/// Enrolment of a trial: subject numbering by site, sealed permuted-block randomization, the
/// response disposition of each arm, visit dates within their windows on weekdays, one early
/// discontinuation and a few missed samples.
enum Enrollment {
    static func enroll(_ trial: TrialDesign, seed: UInt64) -> [Subject] {
        var rng = SynthRandom(seed: seed, stream: "\(trial.studyID)/enrollment")
        // Sites enrol in turn at random; numbers run per site.
        var perSite: [String: Int] = [:]
        var ids: [(id: String, site: String)] = []
        // First doses spread over the enrolment period, in order of enrolment.
        var starts = (0..<trial.subjectCount).map { _ in rng.int(0...trial.enrollmentDays) }
        starts.sort()
        var startOf: [String: Int] = [:]
        for i in 0..<trial.subjectCount {
            let site = rng.pick(trial.sites)
            perSite[site, default: 0] += 1
            let n = perSite[site]!
            let id = "\(site)-\(n < 10 ? "00" : "0")\(n)"
            ids.append((id, site))
            startOf[id] = starts[i]
        }
        ids.sort { $0.id < $1.id }

        let arms = randomize(ids, trial: trial, rng: &rng)

        // Response disposition: a fixed share per arm (rounded), placed at random among its subjects.
        var responder: [String: Bool] = [:]
        var openLabel: [String: Bool] = [:]
        for arm in trial.arms {
            var members = ids.map(\.id).filter { arms[$0]!.code == arm.code }
            rng.shuffle(&members)
            let n = Int((arm.responderShare * Double(members.count)).rounded())
            for (i, s) in members.enumerated() { responder[s] = i < n }
            if arm.drug == .placebo, trial.openLabelDay != nil {
                rng.shuffle(&members)
                let k = Int((0.55 * Double(members.count)).rounded())
                for (i, s) in members.enumerated() { openLabel[s] = i < k }
            }
        }

        let dropoutIndex = ids.count >= 8 ? rng.int(0...(ids.count - 1)) : nil

        var subjects: [Subject] = []
        for (i, entry) in ids.enumerated() {
            let arm = arms[entry.id]!
            let isResponder = responder[entry.id] ?? false
            let olResponder = openLabel[entry.id] ?? false
            let firstDose = (trial.enrollmentStart + startOf[entry.id]!).nearestWeekday
            let gainDisposition = arm.drug == .placebo ? olResponder : isResponder
            let gain = gainDisposition ? rng.uniform(1.0, 1.5) : rng.uniform(0.45, 0.9)

            var dates: [(VisitPlan, CivilDate)] = []
            for v in trial.visits {
                if v.day == 1 {
                    dates.append((v, firstDose))
                    continue
                }
                let jitter = v.window == 0 ? 0 : rng.int(-v.window...v.window)
                let offset = v.day > 0 ? v.day - 1 : v.day
                dates.append((v, (firstDose + offset + jitter).nearestWeekday))
            }
            var discontinued: String?
            if i == dropoutIndex {
                // Leaves after a visit in the middle of the schedule (never before baseline).
                let candidates = dates.indices.filter { dates[$0].0.day > 1 && $0 < dates.count - 1 }
                if let cut = candidates.isEmpty ? nil : rng.pick(Array(candidates.prefix(3))) {
                    discontinued = dates[cut].0.name
                    dates = Array(dates.prefix(through: cut))
                }
            }
            var missed: Set<String> = []
            for (v, _) in dates where v.flow && v.day > 1 && rng.bernoulli(0.04) { missed.insert(v.name) }

            subjects.append(
                Subject(
                    id: entry.id, site: entry.site, arm: arm,
                    sex: rng.bernoulli(trial.disease == .polymyalgia ? 0.65 : 0.8) ? "F" : "M",
                    age: trial.disease == .polymyalgia ? rng.int(56...82) : rng.int(24...68),
                    responder: isResponder, openLabelResponder: olResponder, tregGain: gain,
                    firstDose: firstDose, visitDates: dates, missedFlow: missed, discontinuedAfter: discontinued))
        }
        return subjects
    }

    /// Permuted blocks of 4 per site, 1:1, drawn before enrolment and applied in order of
    /// subject number: what the sealed envelope list of a real trial holds.
    static func randomize(
        _ ids: [(id: String, site: String)], trial: TrialDesign,
        rng: inout SynthRandom
    ) -> [String: ArmPlan] {
        var out: [String: ArmPlan] = [:]
        guard trial.randomized, trial.arms.count == 2 else {
            for e in ids { out[e.id] = trial.arms[0] }
            return out
        }
        var lists: [String: [ArmPlan]] = [:]
        for site in trial.sites {
            var list: [ArmPlan] = []
            while list.count < ids.count {
                var block = [trial.arms[0], trial.arms[0], trial.arms[1], trial.arms[1]]
                rng.shuffle(&block)
                list += block
            }
            lists[site] = list
        }
        var used: [String: Int] = [:]
        for e in ids {
            let k = used[e.site, default: 0]
            out[e.id] = lists[e.site]![k]
            used[e.site] = k + 1
        }
        return out
    }
}
