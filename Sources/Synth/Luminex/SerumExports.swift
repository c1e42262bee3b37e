import Domain
import Foundation
import Numerical

/// The trial's Luminex plates: serum from every attended visit (except screening), tested at the
/// end of the trial in as few plates as hold it, all visits of a subject on the same plate.
enum SerumExports {
    static func write(_ trial: TrialDesign, _ subjects: [Subject], seed: UInt64, into folder: OutputFolder) throws -> [ManifestEntry] {
        let analytes = CytokineAnalyte.panel.sorted { $0.beadRegion < $1.beadRegion }
        var rng = SynthRandom(seed: seed, stream: "\(trial.studyID)/luminex")
        // The kit's true standard curves (per analyte), shared by the plates of one lot. Shaped
        // like MILLIPLEX cytokine curves: 15–25 k MFI at the top standard, a log-log slope near
        // 0.9 below the inflection, so the lowest standard (2.4 pg/mL) reads 10–40 MFI above a
        // background of 8–30.
        let kit = analytes.map { a -> LogisticCurve in
            LogisticCurve(
                a: rng.uniform(8, 30), b: a.label == "sCD25" ? rng.uniform(9000, 14000) : rng.uniform(16000, 26000),
                c: a.topStandard * rng.uniform(0.25, 0.6), d: -rng.uniform(0.85, 1.05), f: rng.uniform(0.8, 1.15))
        }

        // Serum levels of every sample.
        var serum: [String: [Double]] = [:]
        var perSubject: [(Subject, [String])] = []
        var manifest: [ManifestEntry] = []
        var lastSample = subjects[0].firstDose
        for s in subjects {
            var b = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/cytokine-baseline")
            let base = analytes.map { b.logNormal(median: $0.median[trial.disease]!, cv: $0.cv) }
            var names: [String] = []
            for (visit, date) in s.visitDates where visit.serum {
                var r = SynthRandom(seed: seed, stream: "\(trial.studyID)/\(s.id)/\(visit.name)/serum")
                let day = s.studyDay(date)
                let effect = s.course.effect(day: day)
                let response = day <= 1 ? 0 : s.responseLevel(day: day, openLabelDay: trial.openLabelDay)
                let name = "\(s.id)_\(visit.name)"
                serum[name] = analytes.enumerated().map { j, a in
                    a.level(base: base[j], drug: s.pharmacology, effect: effect, gain: s.tregGain, response: response, rng: &r)
                }
                names.append(name)
                manifest.append(ManifestEntry(sample: name, subject: s.id, visit: visit.name, date: date))
                lastSample = max(lastSample, date)
            }
            perSubject.append((s, names))
        }

        // Plates: whole subjects, in subject order, up to the plate's capacity.
        var plates: [[String]] = [[]]
        for (_, names) in perSubject {
            if plates[plates.count - 1].count + names.count > LuminexPlateLayout.capacity { plates.append([]) }
            plates[plates.count - 1] += names
        }
        let dilution: Double = trial.xponent == .quotedV4 ? 1 : 2
        var runDay = (lastSample + rng.int(20...60)).nearestWeekday
        let serial = trial.xponent == .quotedV4 ? "FM3DD1\(rng.int(10000...99999))" : "LX100\(rng.int(10_000_000...99_999_999))"
        let lot = "\(rng.int(3_000_000...3_999_999))"
        for (p, unknowns) in plates.enumerated() where !unknowns.isEmpty {
            let curves = kit.map { c in
                LogisticCurve(
                    a: c.a * rng.logNormal(median: 1, cv: 0.05), b: c.b * rng.logNormal(median: 1, cv: 0.04),
                    c: c.c * rng.logNormal(median: 1, cv: 0.04), d: c.d, f: c.f)
            }
            let wells = LuminexPlateLayout.wells(unknowns: unknowns)
            var r = SynthRandom(seed: seed, stream: "\(trial.studyID)/plate\(p + 1)")
            let plate = PlateSimulation(
                analytes: analytes, wells: wells, serum: serum, trueCurves: curves,
                dilutionFactor: dilution, rng: &r)
            let batch = "\(trial.labName)_\(trial.studyID)_P\(p + 1)_\(runDay.compact)"
            let run = XPonentRun(
                batch: batch, runDate: runDay, startMinutes: r.int(540...780), durationMinutes: 40 + wells.count / 2,
                serialNumber: serial, operatorName: r.pick(["jchen", "mdubois", "akowalski", "lnguyen"]),
                computerName: "LUMINEX-\(trial.labName)-01", protocolName: "TregCyto9plex_serum",
                kitLot: lot, kitExpiry: runDay + 200, calibrationDate: runDay + (-r.int(0...6)))
            let data = XPonentWriter(dialect: trial.xponent, run: run).data(plate)
            let number = p + 1 < 10 ? "0\(p + 1)" : "\(p + 1)"
            try folder.write(
                data, to: "\(trial.studyID)/exports/xponent/\(trial.studyID)_Cytokine9plex_Plate\(number)_\(runDay.compact).csv")
            runDay = runDay + (runDay.weekday == 4 ? 3 : 1) // next working day
        }
        return manifest
    }
}
