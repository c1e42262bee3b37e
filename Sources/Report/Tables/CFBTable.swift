import Analysis
import Domain

/// `cfb.csv`: the change-from-baseline dataset (ADaM BDS). The leading columns are fixed, in
/// this order, because analysis scripts read them by position; every further variable the
/// analysis layer provides (`CFBRecord.adamColumns`) follows, so nothing it derives is lost.
public enum CFBTable {
    public static let leadingColumns = [
        "STUDYID", "USUBJID", "ARM", "PARCAT", "PARAMCD", "PARAM", "AVISIT", "AVISITN", "ADY", "AVAL", "AVALC",
        "BASETYPE", "ABLFL", "BASE", "CHG", "PCHG", "R2BASE", "ANL01FL",
    ]
    /// Report column → analysis-layer variable where the names differ (one parameter category).
    static let sourceName = ["PARCAT": "PARCAT1"]
    /// Variables written as numbers in the store's dataframe.
    static let numeric: Set<String> = ["ADY", "AVISITN", "AVAL", "LLOQ", "ANRHI", "BASE", "CHG", "PCHG", "R2BASE", "L2R2BASE"]

    /// Text columns whose every row may differ: stored as plain strings, not categories.
    public static let plainTextColumns: Set<String> = ["SRCREF", "NOTE", "AVALC"]

    /// All columns: the leading ones, then the analysis layer's others in its order.
    public static var columns: [String] {
        let covered = Set(leadingColumns.map { sourceName[$0] ?? $0 })
        return leadingColumns + CFBRecord.adamColumns.filter { !covered.contains($0) }
    }

    /// How each column reads a record, in `columns` order: numbers straight from the record's
    /// doubles (what `adamValues` printed and the table parsed back: the same double, shortest
    /// round-trip text both ways), text as it is. One definition for the store's dataframe and
    /// the CSV bytes.
    enum Field {
        case text(@Sendable (CFBRecord) -> String)
        case number(@Sendable (CFBRecord) -> Double)
    }

    static let fields: [(name: String, field: Field)] = [
        ("STUDYID", .text { $0.studyID }), ("USUBJID", .text { $0.subject }), ("ARM", .text { $0.arm }),
        ("PARCAT", .text { $0.parameterCategory }), ("PARAMCD", .text { $0.parameterCode }),
        ("PARAM", .text { $0.parameter }), ("AVISIT", .text { $0.analysisVisit }),
        ("AVISITN", .number { $0.analysisVisitNumber.map(Double.init) ?? .nan }),
        ("ADY", .number { $0.studyDay.map(Double.init) ?? .nan }), ("AVAL", .number { $0.value }),
        ("AVALC", .text { $0.valueText }), ("BASETYPE", .text { $0.basetype }),
        ("ABLFL", .text { $0.baselineFlag ? "Y" : "" }), ("BASE", .number { $0.base }),
        ("CHG", .number { $0.change ?? .nan }), ("PCHG", .number { $0.percentChange ?? .nan }),
        ("R2BASE", .number { $0.ratioToBase ?? .nan }), ("ANL01FL", .text { $0.analysisFlag ? "Y" : "" }),
        ("VISIT", .text { $0.collectedVisit }), ("ADT", .text { $0.date }), ("AVALU", .text { $0.unit }),
        ("QUALIFIER", .text { $0.qualifier.rawValue }), ("LLOQ", .number { $0.lloq }),
        ("ANRHI", .number { $0.upperLimitOfNormal }), ("BASEC", .text { $0.baseText }),
        ("L2R2BASE", .number { $0.log2RatioToBase ?? .nan }), ("NOTE", .text { $0.note }),
        ("SRCREF", .text { $0.source }),
    ]

    public static func make(_ records: [CFBRecord]) -> AuxiliaryTable {
        make(slice: records[...])
    }

    public static func make(slice records: ArraySlice<CFBRecord>) -> AuxiliaryTable {
        AuxiliaryTable(name: "cfb", columns: fields.map { name, field in
            switch field {
            case .text(let f): return (name, .text(records.map(f)))
            case .number(let f): return (name, .number(records.map(f)))
            }
        })
    }

    /// The records as CSV rows (no header), the bytes `CSVWriter.rows(make(records))` writes.
    public static func csv(_ records: ArraySlice<CFBRecord>, into out: inout CSVBuffer) {
        for r in records {
            for (_, field) in fields {
                switch field {
                case .text(let f): out.text(f(r))
                case .number(let f): out.number(f(r))
                }
            }
            out.endRecord()
        }
    }
}
