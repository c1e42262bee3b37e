import Domain
import HDF5

/// A result dataframe written while its rows are still being derived: each `append` adds a
/// slice of rows (an `AuxiliaryTable` with the same columns every time). Numbers stream into
/// float64 arrays; text columns into categoricals (codes streamed, categories at the end), or,
/// for columns named in `plainText`, into variable-length string arrays, because a column
/// whose every row differs (a source reference, a note) would otherwise keep all its values in
/// memory as categories.
public final class StreamedTableWriter {
    public let name: String
    private let group: HDF5Group
    private let options: DatasetOptions
    private var columnNames: [String] = []
    private var categorical: [String: CategoricalColumnBuilder] = [:]
    private var strings: [String: HDF5Dataset] = [:]
    private var numbers: [String: NumericColumnBuilder<Double>] = [:]
    private let plainText: Set<String>
    private let index: NumericColumnBuilder<Int64>
    /// One set of chunk-compression scratch buffers for all the columns.
    private let filter = ChunkFilter()
    public private(set) var rowCount = 0
    /// zlib's run-length strategy: a plain deflate stream every reader inflates. The table is
    /// written on the report's critical path (the one writer thread), where level 1's default
    /// strategy took a quarter of that thread's time; measured at 1 M rows, `--tables cfb` went
    /// from 4.7 to 4.2 s for 3 % more bytes (docs/performance.md).
    static let deflate: ChunkFilter.Deflate = .runLength

    init(parent: HDF5Group, name: String, plainText: Set<String>) throws {
        self.name = name
        self.plainText = plainText
        group = try parent.createGroup(name)
        options = DatasetOptions(chunk: 16384, deflate: 1)
        index = try NumericColumnBuilder(parent: group, name: "row", options: options, filter: filter, deflate: Self.deflate)
    }

    public func append(_ rows: AuxiliaryTable) throws {
        if columnNames.isEmpty { try createColumns(like: rows) }
        guard rows.columns.map(\.name) == columnNames else {
            throw StoreError.invalid("table \(name): a slice has columns \(rows.columns.map(\.name)), expected \(columnNames)")
        }
        for (columnName, column) in rows.columns {
            switch column {
            case .text(let values):
                if let d = strings[columnName] {
                    try d.appendStrings(values)
                } else if let b = categorical[columnName] {
                    for v in values { b.append(v) }
                    try b.flush()
                } else {
                    throw StoreError.invalid("table \(name): column \(columnName) changed from numbers to text")
                }
            case .number(let values):
                guard let b = numbers[columnName] else {
                    throw StoreError.invalid("table \(name): column \(columnName) changed from text to numbers")
                }
                b.append(contentsOf: values)
                try b.flush()
            }
        }
        for i in 0..<rows.rowCount { index.append(Int64(rowCount + i)) }
        try index.flush()
        rowCount += rows.rowCount
    }

    private func createColumns(like rows: AuxiliaryTable) throws {
        columnNames = rows.columns.map(\.name)
        for (columnName, column) in rows.columns {
            switch column {
            case .text where plainText.contains(columnName):
                strings[columnName] = try group.createStringDataset(columnName, options: options)
            case .text:
                categorical[columnName] = try CategoricalColumnBuilder(
                    parent: group, name: columnName, options: options, filter: filter, deflate: Self.deflate)
            case .number:
                numbers[columnName] = try NumericColumnBuilder(
                    parent: group, name: columnName, options: options, filter: filter, deflate: Self.deflate)
            }
        }
    }

    /// Writes the categories and the dataframe attributes. A table that never got a row gets
    /// no columns (there is nothing to say what they would have been).
    func finish() throws {
        for c in categorical.values { try c.finish() }
        for d in strings.values { try AnnDataEncoding.markStringArray(d) }
        for b in numbers.values { try b.finish() }
        try index.finish()
        try AnnDataEncoding.markDataFrame(group, columns: columnNames, index: "row")
    }
}
