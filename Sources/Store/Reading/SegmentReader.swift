import Domain
import HDF5

/// Reads one published segment (or an export, which has the same table layout). The
/// measurements may be stored in several row groups (see `RowGroupLimits`); rows are numbered
/// across them, in order, and `measurements(_:)` and `numbers(_:_:as:)` read across them.
public final class SegmentReader {
    public let path: String
    let file: HDF5File
    let root: HDF5Group
    /// The row groups, in order.
    let rowGroups: [RowGroupReader]
    private let totalRows: Int

    public init(path: String) throws {
        self.path = path
        file = try HDF5File.open(path)
        root = try file.root()
        let n = try root.numberAttribute(RowGroups.countAttribute, as: Int64.self).map(Int.init) ?? 1
        var groups: [RowGroupReader] = []
        var start = 0
        for k in 0..<max(1, n) {
            let g = try RowGroupReader(group: root.openGroup(RowGroups.name(k)), firstRow: start, path: path)
            groups.append(g)
            start = g.rows.upperBound
        }
        rowGroups = groups
        totalRows = start
    }

    public var rowCount: Int {
        get throws { totalRows }
    }

    public var rowGroupCount: Int { rowGroups.count }

    /// A number column over `range` of the whole table.
    func numbers<T: HDF5Element>(_ column: String, _ range: Range<Int>, as: T.Type) throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(range.count)
        for (g, local) in pieces(range) { out += try g.numbers(column, local, as: T.self) }
        return out
    }

    /// A dataframe stored under the root (`sources`, `diagnostics`) or under `tables/`.
    public func table(_ name: String) throws -> AuxiliaryTable? {
        if root.contains(name) { return try DataFrameIO.read(root.openGroup(name), name: name) }
        if root.contains("tables"), try root.openGroup("tables").contains(name) {
            return try DataFrameIO.read(root.openGroup("tables").openGroup(name), name: name)
        }
        return nil
    }

    /// Names of the side tables under `tables/`.
    public func sideTableNames() throws -> [String] {
        root.contains("tables") ? try root.openGroup("tables").memberNames() : []
    }

    public func attribute(_ name: String) throws -> String? {
        try root.stringAttribute(name)
    }

    /// Decodes rows `range` (all rows by default) into measurements.
    public func measurements(_ range: Range<Int>? = nil) throws -> [Measurement] {
        let r = range ?? 0..<totalRows
        var out: [Measurement] = []
        out.reserveCapacity(r.count)
        for (g, local) in pieces(r) { out += try g.measurements(local) }
        return out
    }

    /// Rows `range` as column chunks of at most `chunk` rows, none spanning two row groups
    /// (each carries its own group's categories).
    public func forEachColumnChunk(
        _ range: Range<Int>? = nil, chunk: Int = MeasurementColumnChunk.defaultRows,
        omitting: Set<MeasurementColumnChunk.Omissible> = [],
        _ body: (MeasurementColumnChunk) throws -> Void
    ) throws {
        try forEachStoredColumnChunk(range, chunk: chunk, omitting: omitting) { try body(try $0.decoded()) }
    }

    /// The same chunks as they lie in the file, to be decoded (`StoredColumnChunk.decoded`) on
    /// another thread.
    public func forEachStoredColumnChunk(
        _ range: Range<Int>? = nil, chunk: Int = MeasurementColumnChunk.defaultRows,
        omitting: Set<MeasurementColumnChunk.Omissible> = [],
        _ body: (StoredColumnChunk) throws -> Void
    ) throws {
        for (g, local) in pieces(range ?? 0..<totalRows) {
            var start = local.lowerBound
            while start < local.upperBound {
                try body(try g.storedColumnChunk(start..<min(local.upperBound, start + chunk), omitting: omitting))
                start += chunk
            }
        }
    }

    /// The row groups `range` touches, each with the part of it in the group's own numbering.
    private func pieces(_ range: Range<Int>) -> [(RowGroupReader, Range<Int>)] {
        rowGroups.compactMap { g in
            let lower = max(range.lowerBound, g.rows.lowerBound), upper = min(range.upperBound, g.rows.upperBound)
            return lower < upper ? (g, (lower - g.rows.lowerBound)..<(upper - g.rows.lowerBound)) : nil
        }
    }

    public func close() throws { try file.close() }
}

/// One row group: a `measurements` dataframe with its own categories.
final class RowGroupReader {
    let group: HDF5Group
    /// Its rows in the segment's numbering.
    let rows: Range<Int>
    /// The segment's file, for errors.
    let path: String

    init(group: HDF5Group, firstRow: Int, path: String) throws {
        self.group = group
        self.path = path
        rows = firstRow..<(firstRow + (try group.openDataset("value").count()))
    }

    /// The categories of a text column, read once per row group: a row group holds up to a
    /// million rows, read a chunk at a time, and a column such as the raw value has nearly as
    /// many categories as rows.
    func categories(_ column: String) throws -> [String] {
        if let known = categoryCache[column] { return known }
        let read = try group.openGroup(column).openDataset("categories").readStrings()
        categoryCache[column] = read
        return read
    }
    private var categoryCache: [String: [String]] = [:]

    /// Codes of a text column, `range` in this group's numbering.
    func codes(_ column: String, _ range: Range<Int>) throws -> [Int32] {
        try group.openGroup(column).openDataset("codes").read(range, as: Int32.self)
    }

    func numbers<T: HDF5Element>(_ column: String, _ range: Range<Int>, as: T.Type) throws -> [T] {
        try group.openDataset(column).read(range, as: T.self)
    }

    func measurements(_ r: Range<Int>) throws -> [Measurement] {
        try columnChunk(r).measurements
    }

    /// Rows `r` (this group's numbering) as columns: codes and the group's own categories.
    /// Columns in `omitting` are not read: empty texts, column 0.
    func columnChunk(_ r: Range<Int>, omitting: Set<MeasurementColumnChunk.Omissible> = []) throws -> MeasurementColumnChunk {
        try storedColumnChunk(r, omitting: omitting).decoded()
    }

    /// The same, each column's chunk copied out of the file as stored where it can be
    /// (`HDF5Dataset.storedChunk`: `r` is one whole chunk), read and decoded here otherwise.
    func storedColumnChunk(
        _ r: Range<Int>, omitting: Set<MeasurementColumnChunk.Omissible> = []
    ) throws -> StoredColumnChunk {
        let omitted = Set(omitting.compactMap(\.textColumn))
        func column<T: HDF5Element>(_ dataset: HDF5Dataset, as: T.Type) throws -> StoredColumnChunk.Column<T> {
            if let stored = try dataset.storedChunk(r, as: T.self) { return .stored(stored) }
            return .decoded(try dataset.read(r, as: T.self))
        }
        return StoredColumnChunk(
            categories: try MeasurementColumns.text.map { omitted.contains($0) ? [] : try categories($0) },
            codes: try MeasurementColumns.text.map {
                omitted.contains($0)
                    ? .decoded([Int32](repeating: -1, count: r.count))
                    : try column(group.openGroup($0).openDataset("codes"), as: Int32.self)
            },
            value: try column(group.openDataset("value"), as: Double.self),
            sourceLine: try column(group.openDataset("source_line"), as: Int32.self),
            sourceColumn: omitting.contains(.sourceColumn)
                ? .decoded([Int32](repeating: 0, count: r.count)) : try column(group.openDataset("source_column"), as: Int32.self),
            path: path)
    }
}
