import Domain

/// A set of whole subjects' change-from-baseline dataset as columns: the input values as they
/// came (their text fields are written as they are, never copied per step) and, per output row in
/// cfb.csv order, the index of its input value and what the derivation added. Produced by
/// `ChangeFromBaseline.Derivation.deriveColumns`; `record(_:)` gives the same `CFBRecord` the
/// record-based `derive` gives for that row.
public struct CFBColumns: Sendable {
    /// The input values (the derivation's rows point into them).
    public let values: [AnalysisValue]
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

    public static let noDay = Int32.min

    public var count: Int { input.count }

    /// Whether output row `k` is a clinical assessment (kept as a record for the responses)
    /// rather than an immune value.
    public func isClinical(_ k: Int) -> Bool {
        values[Int(input[k])].parameterCategory == Assay.clinical.rawValue
    }

    /// BASEC of row `k`: the baseline's category for a categorical parameter, else empty.
    public func baseText(_ k: Int) -> String {
        let b = Int(baselineRow[k])
        return b >= 0 && categorical[b] ? values[b].valueText : ""
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
        if baselineRow[k] >= 0 { r.baselineDate = values[Int(baselineRow[k])].date }
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
        values: [AnalysisValue], studyID: String, visits: [StudyDefinition.VisitWindow], basetypes: [String],
        arm: [String], categorical: [Bool], subjects: [String], subjectCode: [Int32], codes: [String],
        parameterCode: [Int32]
    ) {
        self.values = values
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

    mutating func reserve(_ n: Int) {
        input.reserveCapacity(n)
        basetype.reserveCapacity(n)
        studyDay.reserveCapacity(n)
        visit.reserveCapacity(n)
        value.reserveCapacity(n)
        lloq.reserveCapacity(n)
        baselineFlag.reserveCapacity(n)
        baselineRow.reserveCapacity(n)
        base.reserveCapacity(n)
        change.reserveCapacity(n)
        percentChange.reserveCapacity(n)
        ratioToBase.reserveCapacity(n)
        log2RatioToBase.reserveCapacity(n)
        analysisFlag.reserveCapacity(n)
        note.reserveCapacity(n)
    }

    /// Appends position `p` of `pass`.
    mutating func append(_ pass: BaselinePass, _ p: Int, basetype bt: UInt8, _ c: ColumnarRows) {
        let i = Int(pass.rows[p])
        input.append(pass.rows[p])
        basetype.append(bt)
        studyDay.append(c.studyDay[i])
        visit.append(pass.visit[p])
        value.append(c.value[i])
        lloq.append(c.lloq[i])
        baselineFlag.append(pass.flag[p])
        baselineRow.append(pass.baselineRow[p])
        base.append(pass.base[p])
        change.append(pass.change[p])
        percentChange.append(pass.percentChange[p])
        ratioToBase.append(pass.ratioToBase[p])
        log2RatioToBase.append(pass.log2RatioToBase[p])
        analysisFlag.append(pass.analysisFlag[p])
        note.append(pass.note[p])
    }
}
