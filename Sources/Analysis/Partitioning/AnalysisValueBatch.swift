import Domain
import FileIO

/// Analysis values spilled as one dictionary-coded batch: each text field's distinct values
/// once, then every row as codes into them, the SRCREF sample and line, and the numbers.
/// A store chunk's values repeat their subject, visit, date, parameter, unit and sample row
/// after row; written as strings, with a length each, they were most of the spill's bytes and
/// of the time spent encoding and decoding them (docs/performance.md). The rows are written a
/// column at a time, each at the narrowest width that holds it (`PackedColumn`).
///
/// A spill partition may mix batches with single records (`AnalysisValue.encode(into:)`):
/// each starts with a tag byte, and `decodeAll` reads both. Like every spill encoding, this is
/// read back by the process that wrote it, never kept.
struct AnalysisValueBatch: Sendable {
    static let recordTag: UInt8 = 0
    static let batchTag: UInt8 = 1

    /// The coded text fields, in the order their codes are written per row.
    enum Field: Int, CaseIterable {
        case subject, visit, date, category, code, parameter, valueText, unit, sample, qualifier
    }

    /// Per field: its distinct texts and the code of each caller key.
    private var fields = [SpillTexts](repeating: SpillTexts(), count: Field.allCases.count)
    /// Row after row, each row's code per field (in `Field` order); packed a column at a time
    /// when the batch is encoded.
    private var codes: [Int32] = []
    private var sourceLines: [Int32] = []
    private var values: [Double] = [], lloqs: [Double] = [], upperLimits: [Double] = []
    var count: Int { values.count }

    /// The code of `field`'s text known to the caller by `key` (≥ 0, small: a category code
    /// plus one, a parameter's index); nil the first time, when `add` gives it one.
    @inline(__always)
    func code(_ field: Field, key: Int) -> Int32? { fields[field.rawValue].code(key: key) }

    /// Gives `text`, met for the first time under `key`, its code.
    mutating func add(_ field: Field, key: Int, text: String) -> Int32 {
        fields[field.rawValue].add(key: key, text: text)
    }

    /// The code of category `code` (−1: empty) of a store column whose categories are `texts`.
    @inline(__always)
    mutating func code(_ field: Field, category code: Int32, of texts: [String]) -> Int32 {
        let key = Int(code) + 1
        if let c = self.code(field, key: key) { return c }
        return add(field, key: key, text: code < 0 ? "" : texts[Int(code)])
    }

    /// One row: the codes of its fields (in `Field` order) and what is not text. `value` and
    /// `lloq` are the analysis value's own (`AnalysisValue.storedNumbers`); `sourceLine` is a
    /// store line (an int32 column).
    mutating func append(codes: [Int32], sourceLine: Int, value: Double, lloq: Double, upperLimitOfNormal: Double) {
        precondition(codes.count == Field.allCases.count, "one code per field")
        // From its buffer: appending the array itself retained and released it, row after row.
        codes.withUnsafeBufferPointer { self.codes.append(contentsOf: $0) }
        sourceLines.append(Int32(sourceLine))
        values.append(value)
        lloqs.append(lloq)
        upperLimits.append(upperLimitOfNormal)
    }

    /// The batch as spilled, in two parts written one after the other: tag, row count and each
    /// field's texts, then the columns, each packed (`PackedColumn`): the codes field by field,
    /// the source lines, AVAL, LLOQ and the upper limit of normal.
    var encoded: [ByteWriter] {
        var w = ByteWriter(capacity: 64 * fields.reduce(0) { $0 + $1.count } + 16)
        w.write(Self.batchTag)
        w.write(Int64(count))
        for f in fields { f.write(into: &w) }
        let n = count, width = Field.allCases.count
        var columns = ByteWriter(capacity: n * 24 + 64)
        codes.withUnsafeBufferPointer { codes in
            for f in 0..<width { PackedColumn.write(codes, first: f, stride: width, count: n, into: &columns) }
        }
        PackedColumn.write(sourceLines, into: &columns)
        for numbers in [values, lloqs, upperLimits] { PackedColumn.write(numbers, into: &columns) }
        return [w, columns]
    }

    /// Every value of a partition, batches and single records, in the order written, as
    /// columns: each batch's texts are coded into the range's once, then each row is codes.
    static func decodeColumns(_ bytes: [UInt8], expected: Int) -> AnalysisValueColumns {
        precondition(
            AnalysisValueColumns.Field.allCases.map(\.rawValue) == Field.allCases.map(\.rawValue),
            "a spill batch's fields and the value columns' are in one order")
        var r = ByteReader(bytes)
        var out = AnalysisValueColumns()
        out.reserve(expected)
        while !r.atEnd {
            let tag = r.readByte()
            if tag == recordTag {
                out.append(AnalysisValue(record: &r))
                continue
            }
            precondition(tag == batchTag, "spill: unknown tag \(tag)")
            let n = Int(r.readInt64())
            // The batch's code of each text → the range's (a qualifier by the text of the
            // qualifier it reads as: an unknown one reads as not available).
            let ranged = Field.allCases.map { f -> [Int32] in
                let column = AnalysisValueColumns.Field(rawValue: f.rawValue)!
                return SpillTexts.read(from: &r).map { text in
                    f == .qualifier
                        ? out.code(column, (Qualifier(rawValue: text) ?? .notAvailable).rawValue) : out.code(column, text)
                }
            }
            // The columns (`encoded`), each unpacked into an array, batch codes made the range's.
            let codes = Field.allCases.map { f in
                ranged[f.rawValue].withUnsafeBufferPointer { ranged in PackedColumn.readInts(from: &r, count: n) { ranged[Int($0)] } }
            }
            let lines = PackedColumn.readInts(from: &r, count: n)
            let values = PackedColumn.readDoubles(from: &r, count: n), lloqs = PackedColumn.readDoubles(from: &r, count: n)
            let upperLimits = PackedColumn.readDoubles(from: &r, count: n)
            out.append(
                rows: n, code: { f, row in codes[f][row] }, sourceLine: { Int(lines[$0]) }, value: { values[$0] },
                lloq: { lloqs[$0] }, upperLimitOfNormal: { upperLimits[$0] })
        }
        return out
    }

    /// Every value of a partition, batches and single records, in the order written, one
    /// `AnalysisValue` each (the coded columns, row by row; tests read partitions this way).
    static func decodeAll(_ bytes: [UInt8], expected: Int) -> [AnalysisValue] {
        let columns = decodeColumns(bytes, expected: expected)
        return (0..<columns.count).map { columns[$0] }
    }
}
