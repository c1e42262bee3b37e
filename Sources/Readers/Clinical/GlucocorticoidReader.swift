import Domain

/// Reads glucocorticoid dosing: `subject, drug, dose (mg/day), start[, end]`. The prednisone
/// equivalent is computed with `GlucocorticoidDose.prednisoneFactors`; a drug without a known
/// factor is kept with a NaN equivalent and a warning, never a guess.
public struct GlucocorticoidReader: Sendable {
    public init() {}

    static let table = ClinicalTable(columns: [
        ClinicalTable.subject,
        .init(key: "drug", synonyms: ["cmtrt", "medication", "glucocorticoid", "steroid"], required: true),
        .init(key: "dose", synonyms: ["daily_dose", "dose_mg", "dose_mg_day", "dose_(mg/day)", "cmdose"], required: true),
        .init(key: "start", synonyms: ["start_date", "cmstdtc"], required: true),
        .init(key: "end", synonyms: ["end_date", "stop_date", "cmendtc"], required: false),
    ])

    public func read(_ file: SourceFile) throws -> ClinicalReadResult<GlucocorticoidDose> {
        try Self.table.read(file) { row in
            guard let subject = row.required("subject"), let drug = row.required("drug"),
                let dose = row.number("dose"), let start = row.date("start"),
                let end = row.date("end", required: false)
            else { return nil }
            if dose < 0 {
                row.error("dose", "negative-dose", "dose \(dose) mg/day is negative")
                return nil
            }
            if !end.isEmpty, end < start {
                row.error("end", "end-before-start", "end \(end) is before start \(start)")
                return nil
            }
            var equivalent = Double.nan
            if let factor = GlucocorticoidDose.prednisoneFactors[drug.lowercased()] {
                equivalent = dose * factor
            } else {
                row.warning(
                    "drug", "unknown-glucocorticoid",
                    "no prednisone-equivalence factor for '\(drug)': prednisone equivalent left missing")
            }
            return GlucocorticoidDose(
                subject: subject, drug: drug, dailyDoseMg: dose, prednisoneEquivalentMg: equivalent,
                startDate: start, endDate: end, source: row.location("dose"))
        }
    }
}
