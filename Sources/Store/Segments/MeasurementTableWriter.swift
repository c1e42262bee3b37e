import Domain
import HDF5

/// Streams measurements into one `measurements` dataframe group (a segment's row group, or an
/// export's whole table): categorical text columns, a float64 `value`, int32 provenance columns,
/// and an int64 `row` index. Rows are buffered per column and written a chunk at a time, so
/// memory is the chunk buffers plus the distinct values of the text columns.
final class MeasurementTableWriter {
    private let group: HDF5Group
    private var text: [CategoricalColumnBuilder] = []
    private let value: NumericColumnBuilder<Double>
    private let batch, source, line, column: NumericColumnBuilder<Int32>
    private let row: NumericColumnBuilder<Int64>
    private let chunk: Int
    /// The `row` index of this table's first row (row groups continue their segment's numbering).
    private let firstRow: Int
    private(set) var count = 0
    private var pending = 0

    init(parent: HDF5Group, name: String = "measurements", chunk: Int = 65536, deflate: Int? = 1, firstRow: Int = 0) throws {
        group = try parent.createGroup(name)
        self.chunk = chunk
        self.firstRow = firstRow
        let options = DatasetOptions(chunk: chunk, deflate: deflate)
        // One set of scratch buffers (and of compressed constant chunks) for all the columns.
        let filter = ChunkFilter()
        for c in MeasurementColumns.text {
            text.append(
                try CategoricalColumnBuilder(
                    parent: group, name: c, options: options, filter: filter,
                    streamCategories: true))
        }
        // Float values deflate faster and smaller with zlib's run-length strategy (see ChunkFilter).
        value = try NumericColumnBuilder(parent: group, name: "value", options: options, filter: filter, deflate: .runLength)
        batch = try NumericColumnBuilder(parent: group, name: "batch", options: options, filter: filter)
        source = try NumericColumnBuilder(parent: group, name: "source", options: options, filter: filter)
        line = try NumericColumnBuilder(parent: group, name: "source_line", options: options, filter: filter)
        column = try NumericColumnBuilder(parent: group, name: "source_column", options: options, filter: filter)
        row = try NumericColumnBuilder(parent: group, name: "row", options: options, filter: filter)
    }

    /// Bytes the text columns' distinct values take in memory.
    var categoryBytes: Int { text.reduce(0) { $0 + $1.categoryBytes } }

    /// Appends rows `rows` of a block, all read from source number `s`.
    func append(_ block: MeasurementBlock, rows: Range<Int>, batch b: Int32, source s: Int32) throws {
        var maps = block.categories.map { [Int32](repeating: Int32.min, count: $0.count) }
        var start = rows.lowerBound
        while start < rows.upperBound {
            // Up to the next chunk boundary, so buffers never hold more than a chunk.
            let end = min(rows.upperBound, start + chunk - pending)
            for k in text.indices {
                text[k].append(codes: block.codes(k, start..<end), categories: block.categories[k], map: &maps[k])
            }
            value.append(contentsOf: block.value[start..<end])
            batch.append(repeating: b, count: end - start)
            source.append(repeating: s, count: end - start)
            line.append(contentsOf: block.line[start..<end])
            column.append(contentsOf: block.column[start..<end])
            for i in 0..<(end - start) { row.append(Int64(firstRow + count + i)) }
            count += end - start
            pending += end - start
            if pending >= chunk { try flush() }
            start = end
        }
    }

    /// Registers another table's categories for text column `k`; returns the code map.
    func adopt(column k: Int, _ categories: [String]) -> [Int32] {
        text[k].adopt(categories)
    }

    /// Appends rows given as codes of another table (remapped through `maps`) and raw numbers.
    func appendCoded(
        text columns: [[Int32]], maps: [[Int32]], value v: [Double], batch b: [Int32], source s: [Int32],
        line l: [Int32], column c: [Int32]
    ) throws {
        for (k, codes) in columns.enumerated() {
            let map = maps[k]
            for code in codes { text[k].appendCode(code < 0 ? -1 : map[Int(code)]) }
        }
        value.append(contentsOf: v)
        batch.append(contentsOf: b)
        source.append(contentsOf: s)
        line.append(contentsOf: l)
        column.append(contentsOf: c)
        for i in 0..<v.count { row.append(Int64(firstRow + count + i)) }
        count += v.count
        pending += v.count
        if pending >= chunk { try flush() }
    }

    /// Writes the buffered whole chunks to the file.
    func flush() throws {
        guard pending >= chunk else { return }
        for t in text { try t.flush() }
        try value.flush()
        try batch.flush()
        try source.flush()
        try line.flush()
        try column.flush()
        try row.flush()
        pending %= chunk
    }

    func finish() throws {
        for t in text { try t.finish() }
        try value.finish()
        try batch.finish()
        try source.finish()
        try line.finish()
        try column.finish()
        try row.finish()
        pending = 0
        try AnnDataEncoding.markDataFrame(group, columns: MeasurementColumns.order, index: "row")
    }
}
