import Domain

/// Reads clinical instrument data in the long shape, one item per row:
/// `subject, visit, date, instrument, item, value[, unit][, uln]`.
///
/// `value` may be a number (decimal comma in semicolon files), a text grade (`A`…`E` for BILAG),
/// a censored laboratory value (`<0.5`: the limit is kept as the number and the text as written),
/// or empty / `ND` (not done: kept as a missing item, so a response criterion can say which
/// component was missing instead of the row vanishing). `item` defaults to `TOTAL` when the column
/// is absent or the cell empty. Instrument and item codes are upper-cased.
public struct ClinicalAssessmentReader: Sendable {
    public init() {}

    static let table = ClinicalTable(columns: [
        ClinicalTable.subject, ClinicalTable.visit,
        .init(key: "date", synonyms: ["assessment_date", "visit_date", "adt", "qsdtc"], required: true),
        .init(key: "instrument", synonyms: ["questionnaire", "qscat", "scale", "test"], required: true),
        .init(key: "item", synonyms: ["qstestcd", "component", "domain", "descriptor"], required: false),
        .init(key: "value", synonyms: ["result", "score", "qsorres", "aval"], required: true),
        .init(key: "unit", synonyms: ["units"], required: false),
        .init(key: "uln", synonyms: ["upper_limit_of_normal", "ref_high", "upper_limit", "nrhi"], required: false),
    ])

    public func read(_ file: SourceFile) throws -> ClinicalReadResult<ClinicalAssessment> {
        try Self.table.read(file) { row in
            guard let subject = row.required("subject"), let visit = row.required("visit"),
                let date = row.date("date"), let instrument = row.required("instrument")
            else { return nil }
            let itemText = row.text("item")
            let raw = row.text("value")
            var value = Double.nan
            var text = ""
            if let d = NumberParsing.double(raw, decimalComma: row.decimalComma) {
                value = d
            } else if let q = QualifiedValue.parse(raw, decimalComma: row.decimalComma) {
                // Censored (`<0.5`) keeps its limit; tokens such as ND keep only their text.
                value = q.value
                text = q.raw
            } else {
                text = raw
            }
            var uln = Double.nan
            if row.header("uln") != nil {
                guard let u = row.number("uln", required: false) else { return nil }
                uln = u
            }
            return ClinicalAssessment(
                subject: subject, visit: visit, date: date,
                instrument: instrument.uppercased(),
                item: itemText.isEmpty ? "TOTAL" : itemText.uppercased(),
                value: value, text: text, unit: row.text("unit"),
                upperLimitOfNormal: uln, source: row.location("value"))
        }
    }
}
