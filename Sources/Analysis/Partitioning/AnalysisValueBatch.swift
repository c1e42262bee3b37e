import Domain
import FileIO

/// Analysis values spilled as one dictionary-coded batch: each text field's distinct values
/// once, then every row as codes into them, the SRCREF sample and line, and the numbers.
/// A store chunk's values repeat their subject, visit, date, parameter, unit and sample row
/// after row; written as strings, with a length each, they were most of the spill's bytes and
/// of the time spent encoding and decoding them (docs/performance.md).
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
    private var rows = ByteWriter()
    private(set) var count = 0

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

    /// Where a row's values lie: a code per field (int32), then the SRCREF line (int64), then
    /// the three numbers (float64); named once for the encoder and the decoder.
    static let lineOffset = Field.allCases.count * 4, valueOffset = lineOffset + 8
    static let lloqOffset = valueOffset + 8, upperLimitOffset = lloqOffset + 8
    /// Bytes per row.
    static let rowBytes = upperLimitOffset + 8

    /// One row: the codes of its fields (in `Field` order) and what is not text. `value` and
    /// `lloq` are the analysis value's own (`AnalysisValue.storedNumbers`).
    mutating func append(codes: [Int32], sourceLine: Int, value: Double, lloq: Double, upperLimitOfNormal: Double) {
        precondition(codes.count == Field.allCases.count, "one code per field")
        rows.write(count: Self.rowBytes) { row in
            for (f, code) in codes.enumerated() { row.storeLittleEndian(code, at: 4 * f) }
            row.storeLittleEndian(Int64(sourceLine), at: Self.lineOffset)
            row.storeLittleEndian(value, at: Self.valueOffset)
            row.storeLittleEndian(lloq, at: Self.lloqOffset)
            row.storeLittleEndian(upperLimitOfNormal, at: Self.upperLimitOffset)
        }
        count += 1
    }

    /// The batch as spilled, in two parts written one after the other: tag, row count and each
    /// field's texts, then the rows as they are (not copied behind the texts first).
    var encoded: [ByteWriter] {
        var w = ByteWriter(capacity: 64 * fields.reduce(0) { $0 + $1.count } + 16)
        w.write(Self.batchTag)
        w.write(Int64(count))
        for f in fields { f.write(into: &w) }
        return [w, rows]
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
            // The rows are fixed-size records (`append(codes:…)`): decoded a column at a time,
            // straight from the bytes.
            r.read(bytes: n * rowBytes) { rows in
                out.append(
                    rows: n,
                    code: { f, row in
                        ranged[f].withUnsafeBufferPointer { $0[Int(rows.loadLittleEndian(at: row * rowBytes + 4 * f, as: Int32.self))] }
                    },
                    sourceLine: { Int(rows.loadLittleEndian(at: $0 * rowBytes + lineOffset, as: Int64.self)) },
                    value: { rows.loadDouble(at: $0 * rowBytes + valueOffset) },
                    lloq: { rows.loadDouble(at: $0 * rowBytes + lloqOffset) },
                    upperLimitOfNormal: { rows.loadDouble(at: $0 * rowBytes + upperLimitOffset) })
            }
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
