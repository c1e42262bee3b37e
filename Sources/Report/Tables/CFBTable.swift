import Analysis
import Domain

/// `cfb.csv`: the change-from-baseline dataset (ADaM BDS), and the same table in the store.
/// Both writers (CSV bytes, store table) and both row sources (the derivation's columns, a
/// list of `CFBRecord`s) go through one list of fields, `Field`, so the column order and the
/// way each field is written are spelled once.
public enum CFBTable {
    /// The columns in order. The leading ones, up to ANL01FL, are fixed because analysis scripts
    /// read them by position; every further variable the analysis layer provides
    /// (`CFBRecord.adamColumns`) follows, so nothing it derives is lost (`CSVBufferTests` checks
    /// that the two lists hold the same variables).
    public enum Field: String, CaseIterable, Sendable {
        case studyID = "STUDYID", subject = "USUBJID", arm = "ARM", parameterCategory = "PARCAT"
        case parameterCode = "PARAMCD", parameter = "PARAM", analysisVisit = "AVISIT"
        case analysisVisitNumber = "AVISITN", studyDay = "ADY", value = "AVAL", valueText = "AVALC"
        case basetype = "BASETYPE", baselineFlag = "ABLFL", base = "BASE", change = "CHG"
        case percentChange = "PCHG", ratioToBase = "R2BASE", analysisFlag = "ANL01FL"
        case collectedVisit = "VISIT", date = "ADT", unit = "AVALU", qualifier = "QUALIFIER", lloq = "LLOQ"
        case upperLimitOfNormal = "ANRHI", baseText = "BASEC", log2RatioToBase = "L2R2BASE", note = "NOTE"
        case source = "SRCREF"

        /// Written as a number (empty when missing) rather than as text.
        public var isNumber: Bool {
            switch self {
            case .analysisVisitNumber, .studyDay, .value, .lloq, .upperLimitOfNormal, .base, .change, .percentChange,
                .ratioToBase, .log2RatioToBase:
                true
            default: false
            }
        }

        /// A ratio to baseline (PCHG, R2BASE, L2R2BASE): full precision as a rule, so cfb.csv
        /// writes it with `CSVCursor.ratio`.
        public var isRatio: Bool { self == .percentChange || self == .ratioToBase || self == .log2RatioToBase }
    }

    public static let columns = Field.allCases.map(\.rawValue)
    /// Report column → analysis-layer variable where the names differ (one parameter category).
    static let sourceName = ["PARCAT": "PARCAT1"]
    /// Variables written as numbers in the store's dataframe.
    static let numeric = Set(Field.allCases.filter(\.isNumber).map(\.rawValue))
    /// Text columns whose every row may differ: stored as plain strings, not categories.
    public static let plainTextColumns: Set<String> = ["SRCREF", "NOTE", "AVALC"]

    /// Rows `range` of `rows` as CSV rows (no header): the bytes of `make(rows, range)`'s rows.
    public static func csv(_ rows: some CFBRows, _ range: Range<Int>, into out: inout CSVBuffer) {
        let fields = Field.allCases
        for k in range {
            for f in fields {
                if f.isNumber { out.number(rows.number(f, k)) } else { out.text(rows.text(f, k)) }
            }
            out.endRecord()
        }
    }

    /// Rows `range` of the derivation's columns as CSV rows, the same bytes as the generic
    /// writer, from their codes (`CFBCodedRange`).
    public static func csv(_ c: CFBColumns, _ range: Range<Int>, into out: inout CSVBuffer) {
        CFBCodedRange(c, range).csv(into: &out)
    }

    /// Rows `range` of `rows` as (a slice of) the store's `cfb` table, column by column.
    public static func make(_ rows: some CFBRows, _ range: Range<Int>) -> AuxiliaryTable {
        let columns: [(name: String, column: AuxiliaryTable.Column)] = Field.allCases.map { f in
            (f.rawValue, f.isNumber ? .number(range.map { rows.number(f, $0) }) : .text(range.map { rows.text(f, $0) }))
        }
        return AuxiliaryTable(name: "cfb", columns: columns)
    }

    public static func make(_ records: [CFBRecord]) -> AuxiliaryTable {
        make(records[...], records.indices)
    }
}

/// A source of cfb rows the writers read field by field: reading one field where it lies
/// (rather than copying a whole record, twenty-odd strings retained and released, per field).
public protocol CFBRows {
    func text(_ field: CFBTable.Field, _ row: Int) -> String
    func number(_ field: CFBTable.Field, _ row: Int) -> Double
}

/// Each field read through the array's accessor, not from a copy of the record.
extension ArraySlice: CFBRows where Element == CFBRecord {
    public func text(_ field: CFBTable.Field, _ row: Int) -> String {
        switch field {
        case .studyID: return self[row].studyID
        case .subject: return self[row].subject
        case .arm: return self[row].arm
        case .parameterCategory: return self[row].parameterCategory
        case .parameterCode: return self[row].parameterCode
        case .parameter: return self[row].parameter
        case .analysisVisit: return self[row].analysisVisit
        case .valueText: return self[row].valueText
        case .basetype: return self[row].basetype
        case .baselineFlag: return self[row].baselineFlag ? "Y" : ""
        case .analysisFlag: return self[row].analysisFlag ? "Y" : ""
        case .collectedVisit: return self[row].collectedVisit
        case .date: return self[row].date
        case .unit: return self[row].unit
        case .qualifier: return self[row].qualifier.rawValue
        case .baseText: return self[row].baseText
        case .note: return self[row].note
        case .source: return self[row].source
        default: return ""
        }
    }

    public func number(_ field: CFBTable.Field, _ row: Int) -> Double {
        switch field {
        case .analysisVisitNumber: return self[row].analysisVisitNumber.map(Double.init) ?? .nan
        case .studyDay: return self[row].studyDay.map(Double.init) ?? .nan
        case .value: return self[row].value
        case .lloq: return self[row].lloq
        case .upperLimitOfNormal: return self[row].upperLimitOfNormal
        case .base: return self[row].base
        case .change: return self[row].change ?? .nan
        case .percentChange: return self[row].percentChange ?? .nan
        case .ratioToBase: return self[row].ratioToBase ?? .nan
        case .log2RatioToBase: return self[row].log2RatioToBase ?? .nan
        default: return .nan
        }
    }
}

extension CFBColumns: CFBRows {
    public func text(_ field: CFBTable.Field, _ k: Int) -> String {
        let i = Int(input[k])
        switch field {
        case .studyID: return studyID
        case .subject: return values.text(.subject, i)
        case .arm: return arm[i]
        case .parameterCategory: return values.text(.category, i)
        case .parameterCode: return values.text(.code, i)
        case .parameter: return values.text(.parameter, i)
        case .analysisVisit: return visit[k] >= 0 ? visits[Int(visit[k])].name : ""
        case .valueText: return values.text(.valueText, i)
        case .basetype: return basetypes[Int(basetype[k])]
        case .baselineFlag: return baselineFlag[k] ? "Y" : ""
        case .analysisFlag: return analysisFlag[k] ? "Y" : ""
        case .collectedVisit: return values.text(.visit, i)
        case .date: return values.text(.date, i)
        case .unit: return values.text(.unit, i)
        case .qualifier: return values.text(.qualifier, i)
        case .baseText: return baseText(k)
        case .note: return note[k]
        case .source: return values.source(i)
        default: return ""
        }
    }

    /// Field `field` of rows `rows`, as `writeNumbers` writes them: a column kept as such
    /// (AVAL, LLOQ, BASE) shared rather than copied when all its rows are wanted.
    func numbers(_ field: CFBTable.Field, _ rows: Range<Int>) -> [Double] {
        if rows == 0..<count {
            switch field {
            case .value: return value
            case .lloq: return lloq
            case .base: return base
            default: break
            }
        }
        return [Double](unsafeUninitializedCapacity: rows.count) { out, initialized in
            writeNumbers(field, rows, into: out.baseAddress!, stride: 1)
            initialized = rows.count
        }
    }

    /// Field `field` of rows `rows` (missing: NaN) to `out`, `stride` apart: one switch for the
    /// column, then a loop over its rows (the one place each number field is read).
    func writeNumbers(_ field: CFBTable.Field, _ rows: Range<Int>, into out: UnsafeMutablePointer<Double>, stride: Int) {
        @inline(__always) func each(_ x: (Int) -> Double) {
            var p = out
            for k in rows {
                (p).initialize(to: x(k))
                p += stride
            }
        }
        switch field {
        case .analysisVisitNumber:
            visit.withUnsafeBufferPointer { w in each { w[$0] >= 0 ? Double(visits[Int(w[$0])].number) : .nan } }
        case .studyDay: studyDay.withUnsafeBufferPointer { d in each { d[$0] == CFBColumns.noDay ? .nan : Double(d[$0]) } }
        case .value: value.withUnsafeBufferPointer { v in each { v[$0] } }
        case .lloq: lloq.withUnsafeBufferPointer { v in each { v[$0] } }
        case .upperLimitOfNormal:
            input.withUnsafeBufferPointer { i in values.upperLimitOfNormal.withUnsafeBufferPointer { u in each { u[Int(i[$0])] } } }
        case .base: base.withUnsafeBufferPointer { v in each { v[$0] } }
        case .change: change.withUnsafeBufferPointer { v in each { v[$0] ?? .nan } }
        case .percentChange: percentChange.withUnsafeBufferPointer { v in each { v[$0] ?? .nan } }
        case .ratioToBase: ratioToBase.withUnsafeBufferPointer { v in each { v[$0] ?? .nan } }
        case .log2RatioToBase: log2RatioToBase.withUnsafeBufferPointer { v in each { v[$0] ?? .nan } }
        default: each { _ in .nan }
        }
    }

    /// Field `field` of row `k` (missing: NaN), as `writeNumbers` writes it.
    public func number(_ field: CFBTable.Field, _ k: Int) -> Double {
        var x = Double.nan
        writeNumbers(field, k..<k + 1, into: &x, stride: 1)
        return x
    }
}
