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

    init(parent: HDF5Group, name: String, options: DatasetOptions) throws {
        self.name = name
        group = try parent.createGroup(name)
        codesDataset = try group.createDataset("codes", of: Int32.self, options: options)
        codes.reserveCapacity(options.chunk)
    }

    /// Appends one value.
    @inline(__always)
    func append(_ value: String) {
        if value == lastValue { codes.append(lastCode); return }
        let code: Int32 = value.isEmpty ? -1 : table.code(for: value)
        lastValue = value
        lastCode = code
        codes.append(code)
    }

    /// Appends already-coded values (codes index `categories` given to `adopt`).
    func appendCode(_ code: Int32) { codes.append(code) }

    /// Registers a category list and returns the code of each entry in this column.
    func adopt(_ other: [String]) -> [Int32] {
        other.map { $0.isEmpty ? -1 : table.code(for: $0) }
    }

    var pendingCount: Int { codes.count }

    func flush() throws {
        try codesDataset.append(codes)
        codes.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flush()
        try AnnDataEncoding.markArray(codesDataset)
        // Written a slice at a time: a column with hundreds of thousands of distinct values
        // never exists as one array of Strings.
        let n = table.count
        let cats = try group.createStringDataset("categories", options: .init(chunk: max(1, min(4096, n))))
        var start = 0
        while start < n {
            let end = min(n, start + 65536)
            try cats.appendStrings(table.values(start..<end))
            start = end
        }
        try AnnDataEncoding.markStringArray(cats)
        try AnnDataEncoding.markCategorical(group)
    }
}

/// A numeric column buffered in memory and appended a chunk at a time.
final class NumericColumnBuilder<T: HDF5Element> {
    private var buffer: [T] = []
    let dataset: HDF5Dataset

    init(parent: HDF5Group, name: String, options: DatasetOptions) throws {
        dataset = try parent.createDataset(name, of: T.self, options: options)
        buffer.reserveCapacity(options.chunk)
    }

    @inline(__always) func append(_ value: T) { buffer.append(value) }

    func append(contentsOf values: [T]) { buffer.append(contentsOf: values) }

    func flush() throws {
        try dataset.append(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flush()
        try AnnDataEncoding.markArray(dataset)
    }
}
