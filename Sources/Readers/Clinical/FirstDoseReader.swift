import Domain

/// Reads first-dose dates: `subject, date[, period]` (synonyms such as `first_dose_date`,
/// `trtsdt`, `exstdtc`). A subject may have one first dose per period (a placebo patient's first
/// open-label dose opens the second baseline); two for the same period is an error on the later row.
public struct FirstDoseReader: Sendable {
    public init() {}

    static let table = ClinicalTable(columns: [
        ClinicalTable.subject,
        .init(key: "date", synonyms: ["first_dose_date", "first_dose", "trtsdt", "exstdtc", "dose_date", "day1"], required: true),
        .init(key: "period", synonyms: ["treatment_period", "aperiod", "epoch"], required: false),
    ])

    public func read(_ file: SourceFile) throws -> ClinicalReadResult<FirstDose> {
        var seen: [String: Int] = [:]
        return try Self.table.read(file) { row in
            guard let subject = row.required("subject"), let date = row.date("date") else { return nil }
            let period = row.text("period")
            let key = subject + "\u{1F}" + period
            if let first = seen[key] {
                row.error(
                    "subject", "duplicate-first-dose",
                    "subject \(subject) already has a first dose\(period.isEmpty ? "" : " for period \(period)") on line \(first)")
                return nil
            }
            seen[key] = row.line
            return FirstDose(subject: subject, date: date, period: period, source: row.location("date"))
        }
    }
}
