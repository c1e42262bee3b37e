import Domain
import HDF5

/// A result dataframe written while its rows are still being derived: each `append` adds a
/// slice of rows (an `AuxiliaryTable` with the same columns every time). Numbers stream into
/// float64 arrays; text columns into categoricals (codes streamed, categories at the end), or,
/// for columns named in `plainText`, into variable-length string arrays, because a column
/// whose every row differs (a source reference, a note) would otherwise keep all its values in
/// memory as categories; a column first given as `.fixedWidth` into fixed-length strings
/// (`FixedWidthTextColumnBuilder`).
public final class StreamedTableWriter {
    public let name: String
    private let group: HDF5Group
    private let options: DatasetOptions
    private var columnNames: [String] = []
    private var categorical: [String: CategoricalColumnBuilder] = [:]
    private var strings: [String: VariableTextColumnBuilder] = [:]
    private var fixedWidth: [String: FixedWidthTextColumnBuilder] = [:]
    private var numbers: [String: NumericColumnBuilder<Double>] = [:]
    private let plainText: Set<String>
    private let index: NumericColumnBuilder<Int64>
    /// One set of chunk-compression scratch buffers for all the columns.
    private let filter = ChunkFilter()
    public private(set) var rowCount = 0
    /// The table is written on the report's critical path (the one writer thread). Each column
    /// gets the cheaper deflate for its data: runs for measured values (where zlib's level 1
    /// took a quarter of that thread's time), matches for codes, row numbers, study days and
    /// SRCREF (10-100 times smaller there), none where deflate hardly pays (PCHG, R2BASE,
    /// L2R2BASE: full-precision ratios keep 80 % of their bytes). See docs/performance.md.
    static let deflate: ChunkFilter.Deflate = .smallerWhereItPays

    /// Called every `writebackRows` rows appended (`ResultsWriter` starts the file's writeback
    /// to disk with it).
    private let onRowsWritten: () -> Void
    private var rowsSinceCallback = 0
    /// About 50 MB of a report's cfb table.
    static let writebackRows = 1 << 20

    init(parent: HDF5Group, name: String, plainText: Set<String>, onRowsWritten: @escaping () -> Void = {}) throws {
        self.name = name
        self.plainText = plainText
        self.onRowsWritten = onRowsWritten
        group = try parent.createGroup(name)
        options = DatasetOptions(chunk: 16384, deflate: 1)
        index = try NumericColumnBuilder(parent: group, name: "row", options: options, filter: filter, deflate: Self.deflate)
    }

    /// One column of a slice of rows.
    public enum SliceColumn: Sendable {
        case numbers([Double])
        case texts([String])
        /// Codes into `categories` (−1: missing), which are this slice's own distinct values
        /// (none of them empty): the writer maps each onto the column's categories once, not
        /// once per row, so a slice derived as codes is never spelled out as a String per row.
        /// The codes a slice of an array (the report's ranges keep each coded column in one
        /// array, column after column), so that handing them over copies nothing.
        case coded(codes: ArraySlice<Int32>, categories: [String])
        /// Texts as NUL-terminated UTF-8 one after the other, text `i` starting at `starts[i]`
        /// (`starts` has one entry more, the end): a column whose every row differs, written
        /// without a String per row (the report's SRCREF).
        case utf8(bytes: [UInt8], starts: [Int])
        /// Texts as UTF-8 `width` bytes apart, each NUL-padded: a column whose every row
        /// differs, stored as fixed-length strings of that width (the report's SRCREF, as wide
        /// as the report's longest). Every slice of such a column has the same width.
        case fixedWidth(bytes: [UInt8], width: Int)

        var count: Int {
            switch self {
            case .numbers(let v): v.count
            case .texts(let v): v.count
            case .coded(let codes, _): codes.count
            case .utf8(_, let starts): max(0, starts.count - 1)
            case .fixedWidth(let bytes, let width): width > 0 ? bytes.count / width : 0
            }
        }

        /// The texts of a `.utf8` column as Strings.
        static func strings(bytes: [UInt8], starts: [Int]) -> [String] {
            (0..<max(0, starts.count - 1)).map { String(decoding: bytes[starts[$0]..<starts[$0 + 1] - 1], as: UTF8.self) }
        }

        /// A text column's rows as Strings (for a column stored otherwise than it came).
        public var texts: [String] {
            switch self {
            case .numbers: []
            case .texts(let v): v
            case .coded(let codes, let categories): codes.map { $0 < 0 ? "" : categories[Int($0)] }
            case .utf8(let bytes, let starts): Self.strings(bytes: bytes, starts: starts)
            case .fixedWidth(let bytes, let width):
                (0..<count).map { i in
                    let row = bytes[i * width..<(i + 1) * width]
                    return String(decoding: row[..<(row.firstIndex(of: 0) ?? row.endIndex)], as: UTF8.self)
                }
            }
        }

        var isNumber: Bool {
            if case .numbers = self { return true }
            return false
        }
    }

    public func append(_ rows: AuxiliaryTable) throws {
        try append(
            rows.columns.map { c in
                switch c.column {
                case .text(let v): (c.name, SliceColumn.texts(v))
                case .number(let v): (c.name, SliceColumn.numbers(v))
                }
            })
    }

    /// Appends a slice of rows: the same columns, in the same order, every time.
    public func append(_ columns: [(name: String, column: SliceColumn)]) throws {
        if columnNames.isEmpty { try createColumns(like: columns) }
        guard columns.map(\.name) == columnNames else {
            throw StoreError.invalid("table \(name): a slice has columns \(columns.map(\.name)), expected \(columnNames)")
        }
        // Checked before anything is written: a refused slice leaves the table as it was.
        let count = columns.first?.column.count ?? 0
        if let bad = columns.first(where: { $0.column.count != count }) {
            throw StoreError.invalid("table \(name): column \(bad.name) has \(bad.column.count) rows in a slice of \(count)")
        }
        if let bad = columns.first(where: { $0.column.isNumber != (numbers[$0.name] != nil) }) {
            let change = bad.column.isNumber ? "text to numbers" : "numbers to text"
            throw StoreError.invalid("table \(name): column \(bad.name) changed from \(change)")
        }
        for case (let columnName, .coded(let codes, let categories)) in columns
        where !Self.codes(codes, within: categories.count) {
            throw StoreError.invalid("table \(name): column \(columnName) has a code outside its \(categories.count) categories")
        }
        for case (let columnName, .utf8(let bytes, let starts)) in columns
        where !Self.wellFormed(bytes: bytes, starts: starts) {
            throw StoreError.invalid("table \(name): column \(columnName) is not NUL-terminated texts within its bytes")
        }
        for case (let columnName, .fixedWidth(let bytes, let width)) in columns where width < 1 || bytes.count % width != 0 {
            throw StoreError.invalid("table \(name): column \(columnName) has \(bytes.count) bytes, not rows of \(width)")
        }
        // A fixed-width column's rows laid out at its width (texts given otherwise padded here).
        var padded: [String: [UInt8]] = [:]
        for (columnName, column) in columns {
            guard let b = fixedWidth[columnName] else { continue }
            if case .fixedWidth(let bytes, let width) = column {
                guard width == b.width else {
                    throw StoreError.invalid(
                        "table \(name): column \(columnName) comes \(width) bytes wide in a slice, stored \(b.width) wide")
                }
                padded[columnName] = bytes
            } else {
                let texts = column.texts
                if let long = texts.firstIndex(where: { $0.utf8.count > b.width }) {
                    throw StoreError.invalid(
                        "table \(name): column \(columnName), row \(rowCount + long + 1), is longer than the column's \(b.width) bytes")
                }
                padded[columnName] = texts.flatMap { Array($0.utf8) + repeatElement(0, count: b.width - $0.utf8.count) }
            }
        }
        for (columnName, column) in columns {
            if let b = numbers[columnName], case .numbers(let values) = column {
                try b.write(values)
            } else if let b = fixedWidth[columnName], let bytes = padded[columnName] {
                try b.write(padded: bytes)
            } else if let b = strings[columnName] {
                if case .utf8(let bytes, let starts) = column {
                    b.append(nulTerminated: bytes, starts: starts)
                } else {
                    b.append(texts: column.texts)
                }
                try b.flush()
            } else if let b = categorical[columnName] {
                if case .coded(let codes, let categories) = column {
                    var map = [Int32](repeating: .min, count: categories.count)
                    b.append(codes: codes, categories: categories, map: &map)
                } else {
                    for v in column.texts { b.append(v) }
                }
                try b.flush()
            }
        }
        for i in 0..<count { index.append(Int64(rowCount + i)) }
        try index.flush()
        rowCount += count
        rowsSinceCallback += count
        if rowsSinceCallback >= Self.writebackRows {
            rowsSinceCallback = 0
            onRowsWritten()
        }
    }

    /// Whether every code is −1 (missing) or a category below `count`: found from the smallest
    /// and largest code, one pass the compiler vectorises (a closure per code, for fifteen
    /// coded columns of every row, was most of `append`'s own time).
    static func codes(_ codes: ArraySlice<Int32>, within count: Int) -> Bool {
        codes.withUnsafeBufferPointer { b in
            var low = Int32.max, high = Int32.min
            for c in b {
                low = min(low, c)
                high = max(high, c)
            }
            return b.isEmpty || (low >= -1 && Int(high) < count)
        }
    }

    /// Each text of a `.utf8` column ends with its NUL, within the bytes, in order.
    private static func wellFormed(bytes: [UInt8], starts: [Int]) -> Bool {
        guard let first = starts.first, first >= 0, starts.last! <= bytes.count else { return starts.isEmpty }
        for (a, b) in zip(starts, starts.dropFirst()) where b <= a || bytes[b - 1] != 0 { return false }
        return true
    }

    private func createColumns(like columns: [(name: String, column: SliceColumn)]) throws {
        columnNames = columns.map(\.name)
        for (columnName, column) in columns {
            if column.isNumber {
                numbers[columnName] = try NumericColumnBuilder(
                    parent: group, name: columnName, options: options, filter: filter, deflate: Self.deflate)
            } else if case .fixedWidth(_, let width) = column {
                fixedWidth[columnName] = try FixedWidthTextColumnBuilder(
                    parent: group, name: columnName, width: width, options: options, filter: filter, deflate: Self.deflate)
            } else if plainText.contains(columnName) {
                strings[columnName] = try VariableTextColumnBuilder(parent: group, name: columnName, options: options, filter: filter)
            } else {
                categorical[columnName] = try CategoricalColumnBuilder(
                    parent: group, name: columnName, options: options, filter: filter, deflate: Self.deflate)
            }
        }
    }

    /// Writes the categories and the dataframe attributes. A table that never got a row gets
    /// no columns (there is nothing to say what they would have been).
    func finish() throws {
        for c in categorical.values { try c.finish() }
        for b in strings.values { try b.finish() }
        for b in fixedWidth.values { try b.finish() }
        for b in numbers.values { try b.finish() }
        try index.finish()
        try AnnDataEncoding.markDataFrame(group, columns: columnNames, index: "row")
    }
}
