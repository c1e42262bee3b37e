import Domain

/// The daily glucocorticoid dose (prednisone equivalent, mg/day) of each subject on the target
/// day of each scheduled visit, as analysis values (PARAMCD `GC.PREDEQ`, clinical category), so
/// that steroid tapering gets baseline, change and percent change like any other parameter.
///
/// The concomitant-medication log lists what was taken: a subject of the study (one with a first
/// dose) with no interval covering a visit day took none that day, and gets 0 mg/day with a note
/// saying it comes from the log's silence. Overlapping intervals add up (a split dose logged as
/// two lines). An interval of a drug without a prednisone-equivalence factor makes that day's
/// value missing, with the reason: no guess. A visit after the subject's last contact (last
/// clinical assessment, allowing the visit's window) is not given a dose: a subject who left the
/// study has no Week 24 dose, whatever the log still says.
public enum GlucocorticoidExposure {
    public static let parameterCode = "GC.PREDEQ"
    public static let parameter = "Glucocorticoid dose, prednisone equivalent"
    public static let unit = "mg/day"

    /// Nothing when no log was given (`doses` nil): absence of a file is not absence of steroids.
    /// `lastContact`: subject → ISO date of the last clinical assessment (no limit when absent).
    public static func values(
        _ doses: [GlucocorticoidDose]?, study: StudyDefinition, firstDoses: [FirstDose],
        lastContact: [String: String] = [:]
    ) -> [AnalysisValue] {
        guard let doses else { return [] }
        let firstPeriod = study.design.periods.first?.name ?? ""
        var day1: [String: CivilDate] = [:]
        for d in firstDoses where d.period.isEmpty || d.period == firstPeriod {
            if let n = CivilDate(iso: d.date) { day1[d.subject] = min(day1[d.subject] ?? n, n) }
        }
        let bySubject = Dictionary(grouping: doses, by: \.subject)
        var out: [AnalysisValue] = []
        for subject in day1.keys.sorted() {
            let intervals = bySubject[subject] ?? []
            for visit in study.visits.sorted(by: { $0.number < $1.number }) {
                // Target study day → date (no day 0: Day 1 is the first dose, Day −1 the day before).
                let offset = visit.targetDay > 0 ? visit.targetDay - 1 : visit.targetDay
                let day = day1[subject]! + offset
                if let last = lastContact[subject].flatMap(CivilDate.init(iso:)),
                    day + (visit.targetDay - visit.windowHigh) > last
                {
                    continue
                }
                let date = day.iso
                let covering = intervals.filter { i in
                    guard let start = CivilDate(iso: i.startDate), start <= day else { return false }
                    return i.endDate.isEmpty || (CivilDate(iso: i.endDate).map { day <= $0 } ?? false)
                }
                var value = covering.reduce(0.0) { $0 + $1.prednisoneEquivalentMg }
                var text = ""
                var source = covering.map { "\($0.source.file):\($0.source.line)" }.joined(separator: ", ")
                if covering.isEmpty {
                    text = "none logged"
                    source = "no glucocorticoid interval covers \(date)"
                } else if value.isNaN {
                    let unknown = covering.filter { $0.prednisoneEquivalentMg.isNaN }.map(\.drug)
                    text = "no prednisone equivalent for \(unknown.joined(separator: ", "))"
                    value = .nan
                }
                out.append(
                    AnalysisValue(
                        subject: subject, collectedVisit: visit.name, date: date,
                        parameterCategory: Assay.clinical.rawValue, parameterCode: parameterCode,
                        parameter: parameter, value: value, valueText: text, unit: unit,
                        qualifier: value.isNaN ? .notAvailable : .inRange, source: source))
            }
        }
        return out
    }
}
