import Domain

/// Analysis values as columns: each text field dictionary-coded (its distinct texts once, then a
/// code per row), the numbers as arrays. A subject range is decoded from its spill into this
/// form and the derivation and cfb.csv's formatting read the codes: as an array of
/// `AnalysisValue`, every row's nine strings were retained when decoded, hashed again to be coded
/// by the derivation and by the formatter, and released one by one when the range was freed.
///
/// Texts are distinct byte for byte within a field, and a row's text is the one it was given:
/// texts Unicode calls equal but spelled with other bytes (a composed and a decomposed "é")
/// keep their codes apart, and the derivation groups them as Swift's `==` does (by class,
/// `ColumnarRows`). `subscript` gives a row back as an `AnalysisValue` for the rare paths
/// (errors, warnings, the records later steps keep).
public struct AnalysisValueColumns: Sendable {
    /// The coded fields (`AnalysisValueBatch.Field`'s, in the same order).
    public enum Field: Int, CaseIterable, Sendable {
        case subject, visit, date, category, code, parameter, valueText, unit, sample, qualifier
    }

    /// Per field: its distinct texts (byte for byte), by code. A qualifier's text is its
    /// `Qualifier.rawValue`.
    public private(set) var texts: [[String]] = Field.allCases.map { _ in [] }
    /// Per field: each row's code into `texts`.
    public private(set) var codes: [[Int32]] = Field.allCases.map { _ in [] }
    /// By qualifier code: the qualifier.
    public private(set) var qualifiers: [Qualifier] = []
    /// SRCREF is `AnalysisValue.sourceReference(sample:line:)` of the sample text and this line
    /// (0: the sample field holds the whole reference, as for a clinical value).
    public private(set) var sourceLine: [Int] = []
    public private(set) var value: [Double] = [], lloq: [Double] = [], upperLimitOfNormal: [Double] = []
    /// Per field: the code of each text, byte for byte (to keep texts distinct as values are added).
    private var codeOf = [CategoryTable](repeating: CategoryTable(), count: Field.allCases.count)

    public var count: Int { value.count }

    public init() {}

    /// The same values, coded.
    public init(_ values: [AnalysisValue]) {
        reserve(values.count)
        for v in values { append(v) }
    }

    mutating func reserve(_ n: Int) {
        for f in codes.indices { codes[f].reserveCapacity(n) }
        sourceLine.reserveCapacity(n)
        value.reserveCapacity(n)
        lloq.reserveCapacity(n)
        upperLimitOfNormal.reserveCapacity(n)
    }

    /// The code of `text` in `field`, adding it when new.
    mutating func code(_ field: Field, _ text: String) -> Int32 {
        let f = field.rawValue
        let c = codeOf[f].code(for: text)
        if Int(c) == texts[f].count {
            texts[f].append(text)
            if field == .qualifier { qualifiers.append(Qualifier(rawValue: text) ?? .notAvailable) }
        }
        return c
    }

    /// One row from its codes (in `Field` order) and what is not text.
    mutating func append(codes rowCodes: [Int32], sourceLine line: Int, value v: Double, lloq l: Double, upperLimitOfNormal u: Double) {
        for f in codes.indices { codes[f].append(rowCodes[f]) }
        sourceLine.append(line)
        value.append(v)
        lloq.append(l)
        upperLimitOfNormal.append(u)
    }

    /// `n` rows at once, a column at a time: field `f`'s code in row `r` is `code(f, r)`.
    @inline(__always)
    mutating func append(
        rows n: Int, code: (Int, Int) -> Int32, sourceLine line: (Int) -> Int, value v: (Int) -> Double,
        lloq l: (Int) -> Double, upperLimitOfNormal u: (Int) -> Double
    ) {
        // (Capacity: `reserve` made room for the whole range; beyond it the arrays grow
        // geometrically, as any append does.)
        for f in codes.indices { codes[f].append(count: n) { code(f, $0) } }
        sourceLine.append(count: n, line)
        value.append(count: n, v)
        lloq.append(count: n, l)
        upperLimitOfNormal.append(count: n, u)
    }

    /// One value, its source kept whole (line 0).
    public mutating func append(_ v: AnalysisValue) {
        let rowCodes = [
            code(.subject, v.subject), code(.visit, v.collectedVisit), code(.date, v.date),
            code(.category, v.parameterCategory), code(.code, v.parameterCode), code(.parameter, v.parameter),
            code(.valueText, v.valueText), code(.unit, v.unit), code(.sample, v.source), code(.qualifier, v.qualifier.rawValue),
        ]
        append(codes: rowCodes, sourceLine: 0, value: v.value, lloq: v.lloq, upperLimitOfNormal: v.upperLimitOfNormal)
    }

    @inline(__always)
    public func code(_ field: Field, _ row: Int) -> Int32 { codes[field.rawValue][row] }

    @inline(__always)
    public func text(_ field: Field, _ row: Int) -> String { texts[field.rawValue][Int(codes[field.rawValue][row])] }

    @inline(__always)
    public func qualifier(_ row: Int) -> Qualifier { qualifiers[Int(codes[Field.qualifier.rawValue][row])] }

    /// SRCREF of a row (built: it is the one text unique to each row).
    public func source(_ row: Int) -> String {
        AnalysisValue.sourceReference(sample: text(.sample, row), line: sourceLine[row])
    }

    /// SRCREF of rows `rows` as a fixed-width text column, the form the store keeps it in: row
    /// `r`'s reference in UTF-8 at `bytes[r × width]`, NUL-padded, `counts[r]` bytes long.
    /// `width` is `minimumWidth`, or the longest reference if longer, and at least 1. Each
    /// sample's UTF-8 is looked up once, not as a String per row (which, with a copy into an
    /// array of texts and another into the column, was 4 % of a CFB-only report).
    public func sourceColumn(rows: ArraySlice<Int32>, minimumWidth: Int) -> (bytes: [UInt8], width: Int, counts: [Int32]) {
        let samples = texts[Field.sample.rawValue]
        // Per sample code met: where its UTF-8 starts in `sampleBytes`, and how long it is.
        var start = [Int](repeating: -1, count: samples.count), length = [Int](repeating: 0, count: samples.count)
        var sampleBytes: [UInt8] = []
        var counts = [Int32](), width = max(1, minimumWidth)
        counts.reserveCapacity(rows.count)
        codes[Field.sample.rawValue].withUnsafeBufferPointer { sampleOf in
            sourceLine.withUnsafeBufferPointer { lines in
                for i in rows {
                    let s = Int(sampleOf[Int(i)])
                    if start[s] < 0 {
                        start[s] = sampleBytes.count
                        sampleBytes += samples[s].utf8
                        length[s] = sampleBytes.count - start[s]
                    }
                    let count = AnalysisValue.sourceReferenceCount(sample: length[s], line: lines[Int(i)])
                    counts.append(Int32(count))
                    width = max(width, count)
                }
            }
        }
        let w = width
        var bytes = [UInt8](repeating: 0, count: rows.count * w)
        bytes.withUnsafeMutableBufferPointer { out in
            sampleBytes.withUnsafeBufferPointer { sample in
                codes[Field.sample.rawValue].withUnsafeBufferPointer { sampleOf in
                    sourceLine.withUnsafeBufferPointer { lines in
                        for (r, i) in rows.enumerated() {
                            let s = Int(sampleOf[Int(i)])
                            AnalysisValue.writeSourceReference(
                                sample: UnsafeBufferPointer(rebasing: sample[start[s]..<start[s] + length[s]]),
                                line: lines[Int(i)], into: out.baseAddress! + r * w)
                        }
                    }
                }
            }
        }
        return (bytes, w, counts)
    }

    /// Row `i` as an `AnalysisValue`.
    public subscript(i: Int) -> AnalysisValue {
        AnalysisValue(
            subject: text(.subject, i), collectedVisit: text(.visit, i), date: text(.date, i),
            parameterCategory: text(.category, i), parameterCode: text(.code, i), parameter: text(.parameter, i),
            value: value[i], valueText: text(.valueText, i), unit: text(.unit, i), qualifier: qualifier(i),
            lloq: lloq[i], upperLimitOfNormal: upperLimitOfNormal[i], source: source(i))
    }
}
