import Domain

import HDF5

/// Streams measurements into a `measurements` dataframe group: categorical text columns, a
/// float64 `value`, int32 provenance columns, and an int64 `row` index. Rows are buffered per
/// column and written a chunk at a time, so memory stays flat however many rows arrive.
final class MeasurementTableWriter {
    private let group: HDF5Group
    private var text: [CategoricalColumnBuilder] = []
    private let value: NumericColumnBuilder<Double>
    private let batch, source, line, column: NumericColumnBuilder<Int32>
    private let row: NumericColumnBuilder<Int64>
    private let chunk: Int
    private(set) var count = 0
    private var pending = 0

    init(parent: HDF5Group, name: String = "measurements", chunk: Int = 65536, deflate: Int? = 1) throws {
        group = try parent.createGroup(name)
        self.chunk = chunk
        let options = DatasetOptions(chunk: chunk, deflate: deflate)
        for c in MeasurementColumns.text {
            text.append(try CategoricalColumnBuilder(parent: group, name: c, options: options))
        }
        value = try NumericColumnBuilder(parent: group, name: "value", options: options)
        batch = try NumericColumnBuilder(parent: group, name: "batch", options: options)
        source = try NumericColumnBuilder(parent: group, name: "source", options: options)
        line = try NumericColumnBuilder(parent: group, name: "source_line", options: options)
        column = try NumericColumnBuilder(parent: group, name: "source_column", options: options)
        row = try NumericColumnBuilder(parent: group, name: "row", options: options)
    }

    func append(_ m: Measurement, batch b: Int32, source s: Int32) throws {
        text[0].append(m.sample)
        text[1].append(m.subject)
        text[2].append(m.visit)
        text[3].append(m.collectionDate)
        text[4].append(m.assay.rawValue)
        text[5].append(m.analyte)
        text[6].append(m.sourceName)
        text[7].append(m.statistic.rawValue)
        text[8].append(m.denominator)
        text[9].append(m.parameter)
        text[10].append(m.unit)
        text[11].append(m.qualifier.rawValue)
        text[12].append(m.rawValue)
        text[13].append(m.flags)
        text[14].append(m.extra)
        value.append(m.value)
        batch.append(b)
        source.append(s)
        line.append(Int32(clamping: m.sourceLine))
        column.append(Int32(clamping: m.sourceColumn))
        row.append(Int64(count))
        count += 1
        pending += 1
        if pending >= chunk { try flush() }
    }

    /// Registers another table's categories for text column `k`; returns the code map.
    func adopt(column k: Int, _ categories: [String]) -> [Int32] {
        text[k].adopt(categories)
    }

    /// Appends rows given as codes of another table (remapped through `maps`) and raw numbers.
    func appendCoded(text columns: [[Int32]], maps: [[Int32]], value v: [Double], batch b: [Int32], source s: [Int32],
                     line l: [Int32], column c: [Int32]) throws {
        for (k, codes) in columns.enumerated() {
            let map = maps[k]
            for code in codes { text[k].appendCode(code < 0 ? -1 : map[Int(code)]) }
        }
        value.append(contentsOf: v); batch.append(contentsOf: b); source.append(contentsOf: s)
        line.append(contentsOf: l); column.append(contentsOf: c)
        for i in 0..<v.count { row.append(Int64(count + i)) }
        count += v.count
        pending += v.count
        try flush()
    }

    /// Writes all buffered rows to the file.
    func flush() throws {
        guard pending > 0 else { return }
        for t in text { try t.flush() }
        try value.flush(); try batch.flush(); try source.flush(); try line.flush(); try column.flush(); try row.flush()
        pending = 0
    }

    func finish() throws {
        for t in text { try t.finish() }
        try value.finish(); try batch.finish(); try source.finish(); try line.finish(); try column.finish(); try row.finish()
        pending = 0
        try AnnDataEncoding.markDataFrame(group, columns: MeasurementColumns.order, index: "row")
    }
}
