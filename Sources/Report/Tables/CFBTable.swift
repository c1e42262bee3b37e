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

    public static func make(_ records: [CFBRecord]) -> AuxiliaryTable {
        make(slice: records[...])
    }

    /// Column by column, each reading one field: going through `fields` (closures) copied the
    /// whole record, twenty-odd strings retained and released, for every field of every row.
    public static func make(slice records: ArraySlice<CFBRecord>) -> AuxiliaryTable {
        func text(_ f: (CFBRecord) -> String) -> AuxiliaryTable.Column {
            .text(records.withUnsafeBufferPointer { b in b.indices.map { f(b[$0]) } })
        }
        func number(_ f: (CFBRecord) -> Double) -> AuxiliaryTable.Column {
            .number(records.withUnsafeBufferPointer { b in b.indices.map { f(b[$0]) } })
        }
        let columns: [(name: String, column: AuxiliaryTable.Column)] = [
            ("STUDYID", text { $0.studyID }), ("USUBJID", text { $0.subject }), ("ARM", text { $0.arm }),
            ("PARCAT", text { $0.parameterCategory }), ("PARAMCD", text { $0.parameterCode }),
            ("PARAM", text { $0.parameter }), ("AVISIT", text { $0.analysisVisit }),
            ("AVISITN", number { $0.analysisVisitNumber.map(Double.init) ?? .nan }),
            ("ADY", number { $0.studyDay.map(Double.init) ?? .nan }), ("AVAL", number { $0.value }),
            ("AVALC", text { $0.valueText }), ("BASETYPE", text { $0.basetype }),
            ("ABLFL", text { $0.baselineFlag ? "Y" : "" }), ("BASE", number { $0.base }),
            ("CHG", number { $0.change ?? .nan }), ("PCHG", number { $0.percentChange ?? .nan }),
            ("R2BASE", number { $0.ratioToBase ?? .nan }), ("ANL01FL", text { $0.analysisFlag ? "Y" : "" }),
            ("VISIT", text { $0.collectedVisit }), ("ADT", text { $0.date }), ("AVALU", text { $0.unit }),
            ("QUALIFIER", text { $0.qualifier.rawValue }), ("LLOQ", number { $0.lloq }),
            ("ANRHI", number { $0.upperLimitOfNormal }), ("BASEC", text { $0.baseText }),
            ("L2R2BASE", number { $0.log2RatioToBase ?? .nan }), ("NOTE", text { $0.note }),
            ("SRCREF", text { $0.source }),
        ]
        return AuxiliaryTable(name: "cfb", columns: columns)
    }

    /// The records as CSV rows (no header), the bytes `CSVWriter.rows(make(records))` writes,
    /// in `columns` order, each field read in place.
    public static func csv(_ records: ArraySlice<CFBRecord>, into out: inout CSVBuffer) {
        records.withUnsafeBufferPointer { b in
            for i in b.indices {
                out.text(b[i].studyID); out.text(b[i].subject); out.text(b[i].arm); out.text(b[i].parameterCategory)
                out.text(b[i].parameterCode); out.text(b[i].parameter); out.text(b[i].analysisVisit)
                out.number(b[i].analysisVisitNumber.map(Double.init) ?? .nan)
                out.number(b[i].studyDay.map(Double.init) ?? .nan); out.number(b[i].value); out.text(b[i].valueText)
                out.text(b[i].basetype); out.text(b[i].baselineFlag ? "Y" : ""); out.number(b[i].base)
                out.number(b[i].change ?? .nan); out.number(b[i].percentChange ?? .nan); out.number(b[i].ratioToBase ?? .nan)
                out.text(b[i].analysisFlag ? "Y" : ""); out.text(b[i].collectedVisit); out.text(b[i].date)
                out.text(b[i].unit); out.text(b[i].qualifier.rawValue); out.number(b[i].lloq)
                out.number(b[i].upperLimitOfNormal); out.text(b[i].baseText); out.number(b[i].log2RatioToBase ?? .nan)
                out.text(b[i].note); out.text(b[i].source)
                out.endRecord()
            }
        }
    }
}
