import Domain

/// A set of whole subjects' change-from-baseline dataset as columns: the input values as they
/// came (their text fields are written as they are, never copied per step) and, per output row in
/// cfb.csv order, the index of its input value and what the derivation added. Produced by
/// `ChangeFromBaseline.Derivation.deriveColumns`; `record(_:)` gives the same `CFBRecord` the
/// record-based `derive` gives for that row.
public struct CFBColumns: Sendable {
    /// The input values (the derivation's rows point into them).
    public let values: AnalysisValueColumns
    /// By PARCAT code: a clinical assessment (`isClinical`).
    private let clinicalCategory: [Bool]
    public let studyID: String
    /// The study's visit windows: `visit` indexes them.
    public let visits: [StudyDefinition.VisitWindow]
    /// BASETYPE of the first and of the second baseline.
    public let basetypes: [String]
    /// ARM by input row (the arm of its subject; one shared string per subject).
    public let arm: [String]
    /// Distinct subjects and PARAMCDs of the input, and the code of each by input row: keys
    /// for per-subject and per-parameter work without hashing strings per row.
    public let subjects: [String], subjectCode: [Int32]
    public let codes: [String], parameterCode: [Int32]
    /// By input row: a categorical value (AVALC, no AVAL; `CFBRecord.isCategorical`).
    let categorical: [Bool]

    /// Per output row: the input value it derives from.
    public internal(set) var input: [Int32] = []
    /// Per output row: 0 for the first baseline, 1 for the second (`basetypes`).
    public internal(set) var basetype: [UInt8] = []
    /// ADY; `noDay` when not derived.
    public internal(set) var studyDay: [Int32] = []
    /// AVISIT as an index into `visits`; -1 outside every window.
    public internal(set) var visit: [Int16] = []
    /// AVAL after the LLOQ rule, and the LLOQ applied.
    public internal(set) var value: [Double] = []
    public internal(set) var lloq: [Double] = []
    public internal(set) var baselineFlag: [Bool] = []
    /// The input value of the row's baseline record; -1 without one.
    public internal(set) var baselineRow: [Int32] = []
    public internal(set) var base: [Double] = []
    public internal(set) var change: [Double?] = []
    public internal(set) var percentChange: [Double?] = []
    public internal(set) var ratioToBase: [Double?] = []
    public internal(set) var log2RatioToBase: [Double?] = []
    public internal(set) var analysisFlag: [Bool] = []
    public internal(set) var note: [String] = []
    /// At least the UTF-8 length of every SRCREF of the whole report, the same for every range
    /// (the longest sample text with the largest source line, and the clinical references):
    /// the width of the store's fixed-width SRCREF column, known before its first row.
    public internal(set) var longestSourceReference = 0

    public static let noDay = Int32.min

    public var count: Int { input.count }

    /// Whether output row `k` is a clinical assessment (kept as a record for the responses)
    /// rather than an immune value.
    public func isClinical(_ k: Int) -> Bool {
        clinicalCategory[Int(values.code(.category, Int(input[k])))]
    }

    /// BASEC of row `k`: the baseline's category for a categorical parameter, else empty.
    public func baseText(_ k: Int) -> String {
        let b = baseTextSource(k)
        return b < 0 ? "" : values.texts[AnalysisValueColumns.Field.valueText.rawValue][b]
    }

    /// BASEC of row `k` as the code of its text among the values' AVALC texts
    /// (`values.texts[.valueText]`), −1 where it is empty because there is no categorical
    /// baseline: what `baseText` spells out, for a writer that codes it without a String per row.
    public func baseTextSource(_ k: Int) -> Int {
        let b = Int(baselineRow[k])
        return b >= 0 && categorical[b] ? Int(values.code(.valueText, b)) : -1
    }

    /// The record of output row `k`, field for field what `Derivation.derive` gives.
    public func record(_ k: Int) -> CFBRecord {
        let i = Int(input[k])
        var r = CFBRecord(values[i], studyID: studyID, arm: arm[i])
        r.value = value[k]
        r.lloq = lloq[k]
        if studyDay[k] != Self.noDay { r.studyDay = Int(studyDay[k]) }
        if visit[k] >= 0 {
            r.analysisVisit = visits[Int(visit[k])].name
            r.analysisVisitNumber = visits[Int(visit[k])].number
        }
        r.basetype = basetypes[Int(basetype[k])]
        r.baselineFlag = baselineFlag[k]
        r.base = base[k]
        r.baseText = baseText(k)
        if baselineRow[k] >= 0 { r.baselineDate = values.text(.date, Int(baselineRow[k])) }
        r.change = change[k]
        r.percentChange = percentChange[k]
        r.ratioToBase = ratioToBase[k]
        r.log2RatioToBase = log2RatioToBase[k]
        r.analysisFlag = analysisFlag[k]
        r.note = note[k]
        return r
    }

    /// Every row as a record, in order (tests, small inputs, and the records later steps keep).
    public var records: [CFBRecord] { (0..<count).map(record) }
}

extension CFBColumns {
    init(
        values: AnalysisValueColumns, studyID: String, visits: [StudyDefinition.VisitWindow], basetypes: [String],
        arm: [String], categorical: [Bool], subjects: [String], subjectCode: [Int32], codes: [String],
        parameterCode: [Int32]
    ) {
        self.values = values
        clinicalCategory = values.texts[AnalysisValueColumns.Field.category.rawValue].map { $0 == Assay.clinical.rawValue }
        self.subjects = subjects
        self.subjectCode = subjectCode
        self.codes = codes
        self.parameterCode = parameterCode
        self.studyID = studyID
        self.visits = visits
        self.basetypes = basetypes
        self.arm = arm
        self.categorical = categorical
    }

    /// The rows of a pass, or of two passes merged: output row k is position `from[k]` of
    /// `first` when it is ≥ 0, else position `~from[k]` of `second`. Each column is gathered in
    /// one loop; a pass alone is in output order already and its columns are taken as they
    /// are (shared, not copied).
    mutating func take(_ first: BaselinePass, merging second: (pass: BaselinePass, from: [Int32])?, _ c: ColumnarRows) {
        func gather<T>(_ column: KeyPath<BaselinePass, [T]>) -> [T] {
            let a = first[keyPath: column]
            guard let (pass, from) = second else { return a }
            let b = pass[keyPath: column]
            return [T](unsafeUninitializedCapacity: from.count) { out, initialized in
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        for (k, f) in from.enumerated() {
                            (out.baseAddress! + k).initialize(to: f >= 0 ? a[Int(f)] : b[Int(~f)])
                        }
                    }
                }
                initialized = from.count
            }
        }
        input = gather(\.rows)
        basetype = second.map { $0.from.map { $0 >= 0 ? 0 : 1 } } ?? [UInt8](repeating: 0, count: input.count)
        studyDay = input.map { c.studyDay[Int($0)] }
        visit = gather(\.visit)
        value = input.map { c.value[Int($0)] }
        lloq = input.map { c.lloq[Int($0)] }
        baselineFlag = gather(\.flag)
        baselineRow = gather(\.baselineRow)
        base = gather(\.base)
        change = gather(\.change)
        percentChange = gather(\.percentChange)
        ratioToBase = gather(\.ratioToBase)
        log2RatioToBase = gather(\.log2RatioToBase)
        analysisFlag = gather(\.analysisFlag)
        note = gather(\.note)
    }
}
