/// The analysed records that summaries (`SummaryRow`), associations and the figure sections
/// read, as columns: each text field a column of int32 codes into that field's distinct texts,
/// the numbers and flags as plain arrays. The streaming report decodes a parameter's spill
/// straight into it (`AnalysedRecordSpill.decode`), with no `CFBRecord` built (29 fields, a
/// dozen strings retained and released on every copy); smaller inputs code their records
/// (`init(_:)`). Readers then group cells, subjects, arms and visits by code, and look a text
/// up once per code rather than compare or hash it per row.
///
/// Codes are given in order of first appearance, so grouping rows by a field's code numbers
/// the groups as a first-appearance grouping of the texts would.
public struct AnalysedRows: Sendable {
    /// The text fields, one code column each.
    public enum Field: Int, CaseIterable, Sendable {
        case studyID, subject, arm, category, parameterCode, parameter, visit, unit, basetype
    }

    /// Bits of a row's flags (the spill writes these same bits per row).
    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// ABLFL = Y.
        public static let baseline = Flags(rawValue: 1)
        /// ANL01FL = Y.
        public static let analysed = Flags(rawValue: 2)
        /// CHG is present (else nil, as in `CFBRecord.change`).
        public static let hasChange = Flags(rawValue: 4)
        /// PCHG is present.
        public static let hasPercentChange = Flags(rawValue: 8)
    }

    /// Per field (by `Field.rawValue`), its distinct texts, indexed by code.
    public private(set) var texts: [[String]]
    /// Per field, the code of each row's text.
    public private(set) var codes: [[Int32]]
    /// Per analysis-visit code, its AVISITN (nil when the records had none).
    public private(set) var visitNumbers: [Int?] = []
    /// ADY per row, `CFBColumns.noDay` when none.
    public private(set) var studyDays: [Int32] = []
    /// AVAL per row (NaN when missing).
    public private(set) var values: [Double] = []
    /// CHG and PCHG per row, meaningful where the flags say present.
    private var changes: [Double] = [], percentChanges: [Double] = []
    public private(set) var flags: [Flags] = []
    /// Per field, each text's code.
    private var codeOfText: [[String: Int32]]

    public init() {
        texts = Field.allCases.map { _ in [] }
        codes = Field.allCases.map { _ in [] }
        codeOfText = Field.allCases.map { _ in [:] }
    }

    /// `records` coded (all of them: readers apply their own filters, as on records).
    public init(_ records: [CFBRecord]) {
        self.init()
        reserve(records.count)
        var last = [String](repeating: "", count: Field.allCases.count)
        var lastCode = [Int32](repeating: -1, count: Field.allCases.count)
        records.withUnsafeBufferPointer { r in
            for record in r {
                for f in Field.allCases {
                    let text = Self.text(f, of: record)
                    // Records come in runs of one subject, one parameter: the previous row's
                    // code first, the dictionary only where the text changes.
                    if lastCode[f.rawValue] < 0 || last[f.rawValue] != text {
                        last[f.rawValue] = text
                        lastCode[f.rawValue] = intern(text, f)
                    }
                    codes[f.rawValue].append(lastCode[f.rawValue])
                }
                let visit = Int(lastCode[Field.visit.rawValue])
                if visitNumbers[visit] == nil { visitNumbers[visit] = record.analysisVisitNumber }
                var flags: Flags = []
                if record.baselineFlag { flags.insert(.baseline) }
                if record.analysisFlag { flags.insert(.analysed) }
                if record.change != nil { flags.insert(.hasChange) }
                if record.percentChange != nil { flags.insert(.hasPercentChange) }
                append(
                    day: record.studyDay.map { Int32(clamping: $0) } ?? CFBColumns.noDay, flags: flags, value: record.value,
                    change: record.change ?? 0, percentChange: record.percentChange ?? 0)
            }
        }
    }

    private static func text(_ f: Field, of r: CFBRecord) -> String {
        switch f {
        case .studyID: r.studyID
        case .subject: r.subject
        case .arm: r.arm
        case .category: r.parameterCategory
        case .parameterCode: r.parameterCode
        case .parameter: r.parameter
        case .visit: r.analysisVisit
        case .unit: r.unit
        case .basetype: r.basetype
        }
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    // MARK: Reading

    /// A field's code column (read it once, then index it in a loop).
    @inline(__always) public func column(_ f: Field) -> [Int32] { codes[f.rawValue] }
    @inline(__always) public func code(_ f: Field, _ row: Int) -> Int32 { codes[f.rawValue][row] }
    @inline(__always) public func text(_ f: Field, _ row: Int) -> String { texts[f.rawValue][Int(codes[f.rawValue][row])] }
    @inline(__always) public func text(_ f: Field, code c: Int32) -> String { texts[f.rawValue][Int(c)] }
    /// How many distinct texts field `f` holds (its codes are 0..<that).
    public func distinctCount(_ f: Field) -> Int { texts[f.rawValue].count }
    /// The code of `text` in field `f`, nil when no row holds it.
    public func code(of text: String, in f: Field) -> Int32? { codeOfText[f.rawValue][text] }

    @inline(__always) public func change(_ row: Int) -> Double? { flags[row].contains(.hasChange) ? changes[row] : nil }
    @inline(__always) public func percentChange(_ row: Int) -> Double? {
        flags[row].contains(.hasPercentChange) ? percentChanges[row] : nil
    }
    @inline(__always) public func studyDay(_ row: Int) -> Int? { studyDays[row] == CFBColumns.noDay ? nil : Int(studyDays[row]) }
    @inline(__always) public func visitNumber(_ row: Int) -> Int? { visitNumbers[Int(code(.visit, row))] }
    @inline(__always) public func isBaseline(_ row: Int) -> Bool { flags[row].contains(.baseline) }
    /// ANL01FL = Y in a named analysis visit: the rows cells are made of.
    @inline(__always) public func isAnalysedInVisit(_ row: Int) -> Bool {
        flags[row].contains(.analysed) && !texts[Field.visit.rawValue][Int(code(.visit, row))].isEmpty
    }

    /// Each code of field `f` mapped once by `body` (a per-code table for a per-row lookup).
    public func perCode<T>(_ f: Field, _ body: (String) -> T) -> [T] { texts[f.rawValue].map(body) }

    /// Each code's rank among the field's texts in ascending order (equal texts never occur).
    /// The spill's rows come subject by subject in name order, so their subject codes usually
    /// are their ranks already: checked in one pass before anything is sorted.
    public func ranks(_ f: Field) -> [Int32] {
        let t = texts[f.rawValue]
        if zip(t, t.dropFirst()).allSatisfy({ $0 < $1 }) { return (0..<Int32(t.count)).map { $0 } }
        var rank = [Int32](repeating: 0, count: t.count)
        for (r, c) in t.indices.sorted(by: { t[$0] < t[$1] }).enumerated() { rank[c] = Int32(r) }
        return rank
    }

    /// `indices` grouped by the code of field `f` in row `row(index)`, groups in order of first
    /// appearance and each in the order given: what grouping by the text would give, with an
    /// array indexed by code in place of a hash per index.
    public func grouped(_ indices: [Int], by f: Field, row: (Int) -> Int) -> [(code: Int32, members: [Int])] {
        let column = codes[f.rawValue]
        var groupOfCode = [Int](repeating: -1, count: texts[f.rawValue].count)
        var out: [(code: Int32, members: [Int])] = []
        for i in indices {
            let c = column[row(i)]
            if groupOfCode[Int(c)] < 0 {
                groupOfCode[Int(c)] = out.count
                out.append((c, []))
            }
            out[groupOfCode[Int(c)]].members.append(i)
        }
        return out
    }

    // MARK: Building

    /// Empties the rows, keeping the arrays' storage for the next parameter's.
    public mutating func removeAll() {
        for f in Field.allCases {
            texts[f.rawValue].removeAll()
            codes[f.rawValue].removeAll(keepingCapacity: true)
            // Kept at its size: growing a subject dictionary again for every parameter was a
            // twentieth of step 4.
            codeOfText[f.rawValue].removeAll(keepingCapacity: true)
        }
        visitNumbers.removeAll()
        studyDays.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        changes.removeAll(keepingCapacity: true)
        percentChanges.removeAll(keepingCapacity: true)
        flags.removeAll(keepingCapacity: true)
    }

    mutating func reserve(_ n: Int) {
        for f in Field.allCases { codes[f.rawValue].reserveCapacity(n) }
        studyDays.reserveCapacity(n)
        values.reserveCapacity(n)
        changes.reserveCapacity(n)
        percentChanges.reserveCapacity(n)
        flags.reserveCapacity(n)
    }

    /// The code of `text` in field `f`, given the next code when first met.
    mutating func intern(_ text: String, _ f: Field) -> Int32 {
        if let c = codeOfText[f.rawValue][text] { return c }
        let c = Int32(texts[f.rawValue].count)
        texts[f.rawValue].append(text)
        codeOfText[f.rawValue][text] = c
        if f == .visit { visitNumbers.append(nil) }
        return c
    }

    /// Records AVISITN of a visit code (the first number given for it stays).
    mutating func setVisitNumber(_ number: Int?, of visit: Int32) {
        if visitNumbers[Int(visit)] == nil { visitNumbers[Int(visit)] = number }
    }

    /// Appends one code to field `f`'s column (a row is complete when every field has its code
    /// and `append(day:…)` has run).
    @inline(__always) mutating func appendCode(_ code: Int32, _ f: Field) { codes[f.rawValue].append(code) }

    /// Appends `n` codes to field `f`'s column, the `r`th being `code(r)`: a spilled batch is
    /// decoded a column at a time (`Array.append(count:_:)`).
    @inline(__always) mutating func appendCodes(_ f: Field, count n: Int, _ code: (Int) -> Int32) {
        codes[f.rawValue].append(count: n, code)
    }

    /// `appendCodes` for the rows' study days, flags and numbers.
    @inline(__always) mutating func appendRows(
        count n: Int, day: (Int) -> Int32, flags: (Int) -> Flags, value: (Int) -> Double, change: (Int) -> Double,
        percentChange: (Int) -> Double
    ) {
        studyDays.append(count: n, day)
        self.flags.append(count: n, flags)
        values.append(count: n, value)
        changes.append(count: n, change)
        percentChanges.append(count: n, percentChange)
    }

    mutating func append(day: Int32, flags: Flags, value: Double, change: Double, percentChange: Double) {
        studyDays.append(day)
        self.flags.append(flags)
        values.append(value)
        changes.append(change)
        percentChanges.append(percentChange)
    }
}
