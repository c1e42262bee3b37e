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

extension CFBTable {
    /// Rows `rows` of a columnar derivation as CSV rows: the same bytes as `csv` of their records,
    /// each field read from its column or from the input value it derives from.
    public static func csv(_ c: CFBColumns, rows: Range<Int>, into out: inout CSVBuffer) {
        c.values.withUnsafeBufferPointer { values in
            for k in rows {
                let i = Int(c.input[k])
                let v = values[i]
                let w = Int(c.visit[k])
                out.text(c.studyID); out.text(v.subject); out.text(c.arm[i]); out.text(v.parameterCategory)
                out.text(v.parameterCode); out.text(v.parameter); out.text(w >= 0 ? c.visits[w].name : "")
                out.number(w >= 0 ? Double(c.visits[w].number) : .nan)
                out.number(c.studyDay[k] == CFBColumns.noDay ? .nan : Double(c.studyDay[k])); out.number(c.value[k])
                out.text(v.valueText); out.text(c.basetypes[Int(c.basetype[k])]); out.text(c.baselineFlag[k] ? "Y" : "")
                out.number(c.base[k]); out.number(c.change[k] ?? .nan); out.number(c.percentChange[k] ?? .nan)
                out.number(c.ratioToBase[k] ?? .nan); out.text(c.analysisFlag[k] ? "Y" : ""); out.text(v.collectedVisit)
                out.text(v.date); out.text(v.unit); out.text(v.qualifier.rawValue); out.number(c.lloq[k])
                out.number(v.upperLimitOfNormal); out.text(c.baseText(k)); out.number(c.log2RatioToBase[k] ?? .nan)
                out.text(c.note[k]); out.text(v.source)
                out.endRecord()
            }
        }
    }

    /// Rows `rows` of a columnar derivation as a slice of the store's `cfb` table (`make`'s columns).
    public static func make(_ c: CFBColumns, rows: Range<Int>) -> AuxiliaryTable {
        func text(_ f: (Int, Int) -> String) -> AuxiliaryTable.Column { .text(rows.map { f($0, Int(c.input[$0])) }) }
        func number(_ f: (Int) -> Double) -> AuxiliaryTable.Column { .number(rows.map(f)) }
        let v = c.values
        func visitName(_ k: Int) -> String { c.visit[k] >= 0 ? c.visits[Int(c.visit[k])].name : "" }
        let columns: [(name: String, column: AuxiliaryTable.Column)] = [
            ("STUDYID", text { _, _ in c.studyID }), ("USUBJID", text { v[$1].subject }), ("ARM", text { c.arm[$1] }),
            ("PARCAT", text { v[$1].parameterCategory }), ("PARAMCD", text { v[$1].parameterCode }),
            ("PARAM", text { v[$1].parameter }), ("AVISIT", text { k, _ in visitName(k) }),
            ("AVISITN", number { c.visit[$0] >= 0 ? Double(c.visits[Int(c.visit[$0])].number) : .nan }),
            ("ADY", number { c.studyDay[$0] == CFBColumns.noDay ? .nan : Double(c.studyDay[$0]) }),
            ("AVAL", number { c.value[$0] }), ("AVALC", text { v[$1].valueText }),
            ("BASETYPE", text { k, _ in c.basetypes[Int(c.basetype[k])] }),
            ("ABLFL", text { k, _ in c.baselineFlag[k] ? "Y" : "" }), ("BASE", number { c.base[$0] }),
            ("CHG", number { c.change[$0] ?? .nan }), ("PCHG", number { c.percentChange[$0] ?? .nan }),
            ("R2BASE", number { c.ratioToBase[$0] ?? .nan }), ("ANL01FL", text { k, _ in c.analysisFlag[k] ? "Y" : "" }),
            ("VISIT", text { v[$1].collectedVisit }), ("ADT", text { v[$1].date }), ("AVALU", text { v[$1].unit }),
            ("QUALIFIER", text { v[$1].qualifier.rawValue }), ("LLOQ", number { c.lloq[$0] }),
            ("ANRHI", number { v[Int(c.input[$0])].upperLimitOfNormal }), ("BASEC", text { k, _ in c.baseText(k) }),
            ("L2R2BASE", number { c.log2RatioToBase[$0] ?? .nan }), ("NOTE", text { k, _ in c.note[k] }),
            ("SRCREF", text { v[$1].source }),
        ]
        return AuxiliaryTable(name: "cfb", columns: columns)
    }
}
