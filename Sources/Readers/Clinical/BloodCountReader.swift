import Domain

/// Reads lymphocyte counts: `subject, date[, visit], lymphocytes[, unit]`.
///
/// The unit comes from a `unit` column or from the header itself (`Lymphocytes (10^9/L)`).
/// Accepted: cells/µL, /µL, /uL, 10^6/L (all the same) and 10^9/L, G/L, x10e9/L (× 1000). A count
/// without a recognisable unit is rejected rather than guessed: 1.2 and 1200 are both plausible.
public struct BloodCountReader: Sendable {
    public init() {}

    static let table = ClinicalTable(columns: [
        ClinicalTable.subject,
        .init(key: "date", synonyms: ["sample_date", "collection_date", "lbdtc"], required: true),
        .init(key: "visit", synonyms: ["visit_name", "avisit"], required: false),
        .init(
            key: "lymphocytes",
            synonyms: [
                "lymphocytes_per_ul", "lymphocytes_(/µl)", "lymphocytes_(cells/µl)",
                "lymphocytes_(/ul)", "lymphocytes_(10^9/l)", "lymphocytes_(g/l)",
                "lymphocytes_(x10e9/l)", "lymphocyte_count", "lym", "lymph",
            ], required: true),
        .init(key: "unit", synonyms: ["units", "lbstresu"], required: false),
    ])

    /// Multiplier to cells/µL, nil when the unit is not recognised.
    static func factor(forUnit unit: String) -> Double? {
        let u = unit.lowercased().replacingSpaces()
        switch u {
        case "/µl", "cells/µl", "/ul", "cells/ul", "10^6/l", "10e6/l", "x10e6/l", "/mm3", "cells/mm3", "per_ul": return 1
        case "10^9/l", "10e9/l", "x10e9/l", "x10^9/l", "g/l", "giga/l": return 1000
        default: return nil
        }
    }

    public func read(_ file: SourceFile) throws -> ClinicalReadResult<BloodCount> {
        var headerUnit: Double?
        var headerUnitResolved = false
        return try Self.table.read(file) { row in
            if !headerUnitResolved {
                headerUnitResolved = true
                let name = row.header.names["lymphocytes"] ?? ""
                if let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
                    headerUnit = Self.factor(forUnit: String(name[name.index(after: open)..<close]))
                } else if ClinicalTable.normalise(name) == "lymphocytes_per_ul" {
                    headerUnit = 1
                }
            }
            guard let subject = row.required("subject"), let date = row.date("date"),
                let count = row.number("lymphocytes")
            else { return nil }
            var factor = headerUnit
            let unitText = row.text("unit")
            if !unitText.isEmpty {
                guard let f = Self.factor(forUnit: unitText) else {
                    row.error("unit", "unknown-unit", "lymphocyte unit '\(unitText)' is not one of cells/µL, 10^6/L, 10^9/L, G/L")
                    return nil
                }
                factor = f
            }
            guard let factor else {
                row.error(
                    "lymphocytes", "missing-unit",
                    "lymphocyte count has no unit: add a unit column or write it in the header, e.g. 'Lymphocytes (10^9/L)'")
                return nil
            }
            if count < 0 {
                row.error("lymphocytes", "negative-count", "lymphocyte count \(count) is negative")
                return nil
            }
            return BloodCount(
                subject: subject, date: date, visit: row.text("visit"),
                lymphocytesPerMicroliter: count * factor, source: row.location("lymphocytes"))
        }
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { String(filter { $0 != " " }) }
}
