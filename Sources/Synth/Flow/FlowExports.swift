import Domain
import Foundation

/// A row of `manifest.csv`: which subject, visit and collection date a sample name belongs to.
struct ManifestEntry: Hashable {
    var sample: String
    var subject: String
    var visit: String
    var date: CivilDate
}

/// The trial's FlowJo exports. PBMC are cryopreserved at each visit and acquired in batches,
/// all visits of two or three subjects per batch (the usual design against batch effects);
/// each batch is one FlowJo workspace and one table-editor export, sometimes with the FoxP3
/// fluorescence-minus-one control that set the Treg gate.
enum FlowExports {
    static func write(_ trial: TrialDesign, _ subjects: [Subject], seed: UInt64, into folder: OutputFolder) throws -> [ManifestEntry] {
        var rng = SynthRandom(seed: seed, stream: "\(trial.studyID)/flow-batches")
        let flowVisits = trial.visits.filter(\.flow).count
        let perBatch = flowVisits > 5 ? 2 : 3
        var manifest: [ManifestEntry] = []
        var profiles: [String: FlowProfile] = [:]
        for s in subjects {
            var r = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/flow-profile")
            profiles[s.id] = FlowProfile.draw(trial.disease, rng: &r)
        }
        let writer = FlowJoTableWriter(lineEnding: trial.flowJoCRLF ? "\r\n" : "\n")
        for (b, start) in stride(from: 0, to: subjects.count, by: perBatch).enumerated() {
            let group = subjects[start..<min(subjects.count, start + perBatch)]
            var rows: [(name: String, counts: FlowCounts)] = []
            var latest = group.first!.firstDose
            for s in group {
                for (visit, date) in s.visitDates where visit.flow && !s.missedFlow.contains(visit.name) {
                    let name = "\(s.id)_\(visit.name)_\(date.iso)_Tube1.fcs"
                    var r = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/\(visit.name)/flow")
                    let day = s.studyDay(date)
                    let profile = profiles[s.id]!.atVisit(
                        drug: s.pharmacology, effect: s.course.effect(day: day),
                        gain: s.tregGain, rng: &r)
                    rows.append((name, FlowCounts.draw(profile, rng: &r)))
                    manifest.append(ManifestEntry(sample: name, subject: s.id, visit: visit.name, date: date))
                    latest = max(latest, date)
                }
            }
            if rows.isEmpty { continue }
            if rng.bernoulli(0.5) {
                var r = SynthRandom(seed: seed, stream: "\(trial.studyID)/batch\(b + 1)/fmo")
                let donor = FlowProfile.draw(trial.disease, rng: &r).fmoFoxP3()
                rows.append(("FMO_FoxP3_Tube3.fcs", FlowCounts.draw(donor, rng: &r)))
            }
            let acquired = (latest + rng.int(7...28)).nearestWeekday
            let number = b + 1 < 10 ? "0\(b + 1)" : "\(b + 1)"
            try folder.write(
                writer.text(rows: rows),
                to: "\(trial.studyID)/exports/flowjo/\(trial.studyID)_TregTfh_Batch\(number)_\(acquired.iso).csv")
        }
        return manifest
    }
}
