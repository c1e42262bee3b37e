import Domain

/// A run of measurements already in the segment's columnar form: for each text column a code per
/// row and the block's own small list of categories; numbers as plain arrays. The parse stage
/// builds blocks on its own thread, so the single writer only remaps each block's few
/// categories into the row group's and copies arrays; `Measurement` values (fifteen strings
/// each) never cross threads. Codes follow first appearance, so a block written to a segment
/// gives exactly the categories and codes the same rows appended one by one would.
public struct MeasurementBlock: Sendable {
    static let textColumns = MeasurementColumns.text.count
    /// Codes, column after column: text column k's rows start at `k * capacity`. One flat
    /// buffer, so appending a row touches one array rather than fifteen.
    private var codes: [Int32]
    private(set) var categories: [[String]]
    private var lookups: [CategoryLookup]
    private(set) var value: [Double] = []
    private(set) var line: [Int32] = []
    private(set) var column: [Int32] = []
    private(set) var capacity: Int
    public private(set) var count = 0

    public var isEmpty: Bool { count == 0 }

    public init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
        codes = Array(repeating: -1, count: Self.textColumns * self.capacity)
        categories = Array(repeating: [], count: Self.textColumns)
        lookups = Array(repeating: CategoryLookup(), count: Self.textColumns)
        value.reserveCapacity(self.capacity)
        line.reserveCapacity(self.capacity)
        column.reserveCapacity(self.capacity)
    }

    /// Appends one value (the columns in `MeasurementColumns.text` order).
    public mutating func append(_ m: Measurement) {
        if count == capacity { grow() }
        let row = count, stride = capacity
        codes.withUnsafeMutableBufferPointer { codesBuffer in
            lookups.withUnsafeMutableBufferPointer { lookupsBuffer in
                let codes = codesBuffer.baseAddress! + row, lookups = lookupsBuffer.baseAddress!
                @inline(__always) func encode(_ k: Int, _ s: String) {
                    let code = lookups[k].isLast(s) ? lookups[k].lastCode : lookups[k].code(for: s) { categories[k].append(s) }
                    codes[k * stride] = code
                }
                encode(0, m.sample)
                encode(1, m.subject)
                encode(2, m.visit)
                encode(3, m.collectionDate)
                encode(4, m.assay.rawValue)
                encode(5, m.analyte)
                encode(6, m.sourceName)
                encode(7, m.statistic.rawValue)
                encode(8, m.denominator)
                encode(9, m.parameter)
                encode(10, m.unit)
                encode(11, m.qualifier.rawValue)
                encode(12, m.rawValue)
                encode(13, m.flags)
                encode(14, m.extra)
            }
        }
        value.append(m.value)
        line.append(Int32(clamping: m.sourceLine))
        column.append(Int32(clamping: m.sourceColumn))
        count += 1
    }

    /// The codes of text column `k` for `rows`.
    func codes(_ k: Int, _ rows: Range<Int>) -> ArraySlice<Int32> {
        codes[(k * capacity + rows.lowerBound)..<(k * capacity + rows.upperBound)]
    }

    private mutating func grow() {
        let old = codes, oldCapacity = capacity
        capacity *= 2
        codes = Array(repeating: -1, count: Self.textColumns * capacity)
        for k in 0..<Self.textColumns {
            codes.replaceSubrange((k * capacity)..<(k * capacity + count), with: old[(k * oldCapacity)..<(k * oldCapacity + count)])
        }
    }

    /// Row `i` decoded (for `validate`, which shows values rather than storing them).
    public func measurement(_ i: Int) -> Measurement {
        MeasurementColumns.measurement(
            text: { k in
                let c = codes[k * capacity + i]
                return c < 0 ? "" : categories[k][Int(c)]
            }, value: value[i], line: line[i], column: column[i])
    }

    /// The block's rows as a column chunk (the form analysis reads the store in).
    public var columnChunk: MeasurementColumnChunk {
        MeasurementColumnChunk(
            categories: categories, codes: (0..<Self.textColumns).map { Array(codes($0, 0..<count)) }, value: value,
            sourceLine: line, sourceColumn: column)
    }

    public var measurements: [Measurement] { (0..<count).map(measurement) }
}
