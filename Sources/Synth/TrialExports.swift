import Foundation

/// Everything one trial's sample data holds, written under `<out>/<STUDYID>/`:
///
///     exports/flowjo/*.csv       FlowJo 10 table exports, one per acquisition batch
///     exports/xponent/*.csv      Luminex xPONENT exports, one per plate
///     exports/lims-export.csv    tidy LIMS values (blood counts, serology, ESR)
///     manifest.csv               sample → subject, visit, collection date
///     clinical/clinical.csv      instrument items per visit (response criteria inputs)
///     clinical/first_dose.csv, blood_counts.csv, glucocorticoids.csv, adverse_events.csv
///     sealed/randomization.csv   the arm key, only for unblinded analysis
enum TrialExports {
    static func write(_ trial: TrialDesign, seed: UInt64, into folder: OutputFolder) throws {
        let subjects = Enrollment.enroll(trial, seed: seed)
        let dir = trial.studyID
        try folder.claim(dir)
        var manifest = try FlowExports.write(trial, subjects, seed: seed, into: folder)
        manifest += try SerumExports.write(trial, subjects, seed: seed, into: folder)

        var clinical = CSVTable(ClinicalRow.header)
        var lims = CSVTable(LimsRow.header)
        for s in subjects {
            let out: ClinicalOutput
            switch trial.disease {
            case .dermatomyositis: out = DermatomyositisClinical.generate(trial, s, seed: seed)
            case .lupus: out = LupusClinical.generate(trial, s, seed: seed)
            case .polymyalgia: out = PolymyalgiaClinical.generate(trial, s, seed: seed)
            }
            out.clinical.forEach { clinical.add($0.fields) }
            let labs = SupportingTables.hematologyLims(trial, s, seed: seed) + out.lims
            for row in labs.sorted(by: { ($0.date, $0.analyte) < ($1.date, $1.analyte) }) { lims.add(row.fields) }
        }

        var manifestTable = CSVTable(["sample", "subject", "visit", "date"])
        let visitOrder = Dictionary(uniqueKeysWithValues: trial.visits.enumerated().map { ($0.element.name, $0.offset) })
        for e in manifest.sorted(by: { ($0.subject, visitOrder[$0.visit]!, $0.sample) < ($1.subject, visitOrder[$1.visit]!, $1.sample) }) {
            manifestTable.add([e.sample, e.subject, e.visit, e.date.iso])
        }
        try folder.write(manifestTable.text, to: "\(dir)/manifest.csv")
        try folder.write(lims.text, to: "\(dir)/exports/lims-export.csv")
        try folder.write(clinical.text, to: "\(dir)/clinical/clinical.csv")
        try folder.write(SupportingTables.firstDoses(trial, subjects).text, to: "\(dir)/clinical/first_dose.csv")
        try folder.write(SupportingTables.bloodCounts(trial, subjects, seed: seed).text, to: "\(dir)/clinical/blood_counts.csv")
        try folder.write(SupportingTables.glucocorticoids(trial, subjects, seed: seed).text, to: "\(dir)/clinical/glucocorticoids.csv")
        try folder.write(SupportingTables.adverseEvents(trial, subjects, seed: seed).text, to: "\(dir)/clinical/adverse_events.csv")
        try folder.write(SupportingTables.randomization(subjects).text, to: "\(dir)/sealed/randomization.csv")
    }
}
