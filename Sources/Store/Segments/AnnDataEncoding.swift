import Domain
import HDF5

/// The AnnData on-disk encoding (anndata ≥ 0.8, "encoding-version 0.2.0") that makes our tables
/// open directly with `anndata.io.read_elem` and, column by column, with plain h5py/pandas:
/// a dataframe is a group with `encoding-type=dataframe`, `column-order` and `_index`; each
/// column is a dataset (`array`) or a categorical group (`codes` + `categories`).
enum AnnDataEncoding {
    static let version = "0.2.0"

    static func markDataFrame(_ group: HDF5Group, columns: [String], index: String) throws {
        try group.setAttribute("encoding-type", "dataframe")
        try group.setAttribute("encoding-version", version)
        try group.setAttribute("column-order", columns)
        try group.setAttribute("_index", index)
    }

    static func markArray(_ dataset: HDF5Dataset) throws {
        try dataset.setAttribute("encoding-type", "array")
        try dataset.setAttribute("encoding-version", version)
    }

    static func markStringArray(_ dataset: HDF5Dataset) throws {
        try dataset.setAttribute("encoding-type", "string-array")
        try dataset.setAttribute("encoding-version", version)
    }

    static func markCategorical(_ group: HDF5Group, ordered: Bool = false) throws {
        try group.setAttribute("encoding-type", "categorical")
        try group.setAttribute("encoding-version", version)
        try group.setAttribute("ordered", Int8(ordered ? 1 : 0))
    }
}

/// Builds a categorical column while rows stream in: codes are appended chunk by chunk, the
/// categories are written once at the end. Empty strings are stored as code -1 (missing), which
/// pandas shows as NaN. Repeated strings cost 4 bytes a row instead of ~50 for an HDF5
/// variable-length string, and compress to almost nothing.
final class CategoricalColumnBuilder {
    let name: String
    private var table = CategoryTable()
    private var codes: [Int32] = []
    private var lastValue = ""
    private var lastCode: Int32 = -1
    private let group: HDF5Group
    private let codesDataset: HDF5Dataset
    private let filter: ChunkFilter
    private let deflate: ChunkFilter.Deflate
    /// When streaming, the categories dataset and how many categories are in it already.
    private var categoriesDataset: HDF5Dataset?
    private var categoriesWritten = 0

    /// `streamCategories`: write new categories with every flush rather than all at the end,
    /// for columns with many distinct values (a row group's sample names): HDF5's conversion of
    /// strings to variable-length strings then never handles tens of thousands at once.
    init(
        parent: HDF5Group, name: String, options: DatasetOptions, filter: ChunkFilter = ChunkFilter(),
        streamCategories: Bool = false, deflate: ChunkFilter.Deflate = .standard
    ) throws {
        self.name = name
        self.filter = filter
        self.deflate = deflate
        group = try parent.createGroup(name)
        codesDataset = try group.createDataset("codes", of: Int32.self, options: options)
        if streamCategories {
            categoriesDataset = try group.createStringDataset("categories", options: .init(chunk: Self.categoriesChunk))
        }
        codes.reserveCapacity(options.chunk)
    }

    private static let categoriesChunk = 4096

    /// Appends one value.
    @inline(__always)
    func append(_ value: String) {
        if value == lastValue {
            codes.append(lastCode)
            return
        }
        let code: Int32 = value.isEmpty ? -1 : table.code(for: value)
        lastValue = value
        lastCode = code
        codes.append(code)
    }

    /// Appends already-coded values (codes index `categories` given to `adopt`).
    func appendCode(_ code: Int32) { codes.append(code) }

    /// Appends codes of another category list (a block's), registering each of its categories
    /// on first use, so this column's categories stay in order of first appearance. `map`
    /// caches the translation (`Int32.min`: not seen yet) and must start out that way.
    func append(codes other: ArraySlice<Int32>, categories: [String], map: inout [Int32]) {
        // Appended to a local array, not to the property element by element (each append to a
        // class's property is an access of its own; this runs for every row of every coded
        // column of a results table, on the store's one writer thread).
        // Through buffer pointers, the new rows first a copy of the slice's codes (one memmove;
        // appending a repeated −1 went element by element), then each mapped: an append per
        // row, with its capacity check, and three bounds checks were most of this loop.
        var out = codes
        codes = []
        let start = out.count
        out.append(contentsOf: other)
        out.withUnsafeMutableBufferPointer { out in
            map.withUnsafeMutableBufferPointer { map in
                other.withUnsafeBufferPointer { other in
                    for r in 0..<other.count {
                        guard other[r] >= 0 else {
                            out[start + r] = -1
                            continue
                        }
                        let c = Int(other[r])
                        precondition(c < map.count && c < categories.count, "a code past its block's categories")
                        var code = map[c]
                        if code == Int32.min {
                            // An empty category is missing, as an empty value is in `append(_:)`.
                            code = categories[c].isEmpty ? -1 : table.code(for: categories[c])
                            map[c] = code
                        }
                        out[start + r] = code
                    }
                }
            }
        }
        codes = out
    }

    /// Bytes the distinct values take in memory (what grows with the input).
    var categoryBytes: Int { table.byteSize }

    /// Registers a category list and returns the code of each entry in this column.
    func adopt(_ other: [String]) -> [Int32] {
        other.map { $0.isEmpty ? -1 : table.code(for: $0) }
    }

    var pendingCount: Int { codes.count }

    /// Writes the whole chunks buffered (and, when streaming, the new categories).
    func flush() throws {
        try ChunkWriting.write(&codes, to: codesDataset, filter: filter, deflate: deflate, includingLast: false)
        if let categoriesDataset { try writeCategories(to: categoriesDataset) }
    }

    func finish() throws {
        try ChunkWriting.write(&codes, to: codesDataset, filter: filter, deflate: deflate, includingLast: true)
        codes = []
        try AnnDataEncoding.markArray(codesDataset)
        let cats =
            try categoriesDataset
            ?? group.createStringDataset("categories", options: .init(chunk: max(1, min(Self.categoriesChunk, table.count))))
        try writeCategories(to: cats)
        table = CategoryTable()
        try AnnDataEncoding.markStringArray(cats)
        try AnnDataEncoding.markCategorical(group)
    }

    /// Appends the categories not yet written, a slice at a time: a column with hundreds of
    /// thousands of distinct values never exists as one array of Strings.
    private func writeCategories(to dataset: HDF5Dataset) throws {
        let n = table.count
        while categoriesWritten < n {
            let end = min(n, categoriesWritten + Self.categoriesChunk)
            try dataset.appendStrings(table.values(categoriesWritten..<end))
            categoriesWritten = end
        }
    }
}

/// A numeric column buffered in memory and appended a chunk at a time.
final class NumericColumnBuilder<T: HDF5Element> {
    private var buffer: [T] = []
    let dataset: HDF5Dataset
    private let filter: ChunkFilter
    private let deflate: ChunkFilter.Deflate

    init(
        parent: HDF5Group, name: String, options: DatasetOptions, filter: ChunkFilter = ChunkFilter(),
        deflate: ChunkFilter.Deflate = .standard
    ) throws {
        dataset = try parent.createDataset(name, of: T.self, options: options)
        self.filter = filter
        self.deflate = deflate
        buffer.reserveCapacity(options.chunk)
    }

    @inline(__always) func append(_ value: T) { buffer.append(value) }

    func append<C: Collection>(contentsOf values: C) where C.Element == T { buffer.append(contentsOf: values) }

    func append(repeating value: T, count: Int) {
        buffer.append(contentsOf: repeatElement(value, count: count))
    }

    /// Writes the whole chunks buffered.
    func flush() throws {
        try ChunkWriting.write(&buffer, to: dataset, filter: filter, deflate: deflate, includingLast: false)
    }

    /// `append(contentsOf: values)` then `flush()`, the whole chunks within `values` written
    /// from `values` itself (`ChunkWriting.write(_:after:chunk:_:)`).
    func write(_ values: [T]) throws {
        try values.withUnsafeBufferPointer { v in
            try ChunkWriting.write(v, after: &buffer, to: dataset, filter: filter, deflate: deflate)
        }
    }

    func finish() throws {
        try ChunkWriting.write(&buffer, to: dataset, filter: filter, deflate: deflate, includingLast: true)
        buffer = []
        try AnnDataEncoding.markArray(dataset)
    }
}

/// Buffered values go to the file a whole chunk at a time, filtered by `ChunkFilter` and
/// written with `H5Dwrite_chunk`: only the last chunk of a dataset may be shorter.
enum ChunkWriting {
    static func write<T: HDF5Element>(
        _ buffer: inout [T], to dataset: HDF5Dataset, filter: ChunkFilter,
        deflate: ChunkFilter.Deflate = .standard, includingLast: Bool
    ) throws {
        try write(&buffer, chunk: chunkLength(dataset), includingLast: includingLast) { b in
            try dataset.appendChunk(b, using: filter, deflate: deflate)
        }
    }

    /// `values` after `buffer`, as `write(_:after:chunk:_:)` hands them, to `dataset`: the
    /// whole chunks written, the rest kept in `buffer`.
    static func write<T: HDF5Element>(
        _ values: UnsafeBufferPointer<T>, after buffer: inout [T], to dataset: HDF5Dataset, filter: ChunkFilter,
        deflate: ChunkFilter.Deflate
    ) throws {
        try write(values, after: &buffer, chunk: chunkLength(dataset)) { b in
            try dataset.appendChunk(b, using: filter, deflate: deflate)
        }
    }

    /// Elements per chunk of `dataset` (65,536 for one whose options were not recorded).
    private static func chunkLength(_ dataset: HDF5Dataset) -> Int { dataset.options?.chunk ?? 65536 }

    /// Hands `append` each whole chunk of `chunk` elements in `buffer` (and the last, shorter
    /// run when `includingLast`), then drops what it was handed from the buffer.
    static func write<T>(
        _ buffer: inout [T], chunk: Int, includingLast: Bool, _ append: (UnsafeBufferPointer<T>) throws -> Void
    ) throws {
        var start = 0
        try buffer.withUnsafeBufferPointer { b in
            while b.count - start >= chunk || (includingLast && start < b.count) {
                let end = min(b.count, start + chunk)
                try append(UnsafeBufferPointer(rebasing: b[start..<end]))
                start = end
            }
        }
        if start == buffer.count { buffer.removeAll(keepingCapacity: true) } else if start > 0 { buffer.removeFirst(start) }
    }

    /// Hands `append` the whole chunks of `buffer` followed by `values`, in order, and keeps
    /// the rest (less than a chunk) in `buffer`: the chunks `write(_:chunk:includingLast:_:)`
    /// would hand after `buffer.append(contentsOf: values)`, but those lying wholly within
    /// `values` are handed from its own storage. A report's results table came a slice of
    /// 25,000 rows at a time, each copied into the buffers first (1.7 % of a CFB-only run, on
    /// the store's one writer).
    static func write<T>(
        _ values: UnsafeBufferPointer<T>, after buffer: inout [T], chunk: Int, _ append: (UnsafeBufferPointer<T>) throws -> Void
    ) throws {
        guard chunk > 0, buffer.count < chunk else {
            buffer.append(contentsOf: values)
            try write(&buffer, chunk: chunk, includingLast: false, append)
            return
        }
        var rest = values[...]
        if !buffer.isEmpty {
            let k = min(chunk - buffer.count, rest.count)
            buffer.append(contentsOf: rest.prefix(k))
            rest = rest.dropFirst(k)
            guard buffer.count == chunk else { return }
            try buffer.withUnsafeBufferPointer { try append($0) }
            buffer.removeAll(keepingCapacity: true)
        }
        while rest.count >= chunk {
            try append(UnsafeBufferPointer(rebasing: rest.prefix(chunk)))
            rest = rest.dropFirst(chunk)
        }
        buffer.append(contentsOf: rest)
    }
}
