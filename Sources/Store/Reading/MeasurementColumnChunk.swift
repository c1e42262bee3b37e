import Domain

/// Consecutive stored measurements as the store holds them: for each text column the codes of
/// the rows and the categories they index (the row group's table, shared by all of its chunks,
/// never copied), and the number columns. A reader of millions of rows works per category
/// (a subject, a date, a parameter's naming) and per row only on integers, instead of
/// materialising fifteen strings per row as `Measurement`s.
public struct MeasurementColumnChunk: Sendable {
    /// The text columns, in `MeasurementColumns.text` order.
    public enum Text: Int, CaseIterable, Sendable {
        case sample, subject, visit, collectionDate, assay, analyte, sourceName, statistic, denominator
        case parameter, unit, qualifier, rawValue, flags, extra
    }

    /// Columns a reader may leave unread (`forEachMeasurementColumnChunk(omitting:)`): what
    /// only provenance and export need. Unread, they hold empty texts and column 0.
    public enum Omissible: Sendable, Hashable {
        case sourceName, extra, sourceColumn

        /// The store's name of an omitted text column.
        var textColumn: String? {
            switch self {
            case .sourceName: "source_name"
            case .extra: "extra"
            case .sourceColumn: nil
            }
        }
    }

    /// By text column: the categories the codes index (the same storage for every chunk of one
    /// row group: a chunk does not copy them).
    public let categories: [[String]]
    /// By text column: one code per row; -1 is the empty string.
    public let codes: [[Int32]]
    public let value: [Double]
    public let sourceLine: [Int32], sourceColumn: [Int32]

    public var count: Int { value.count }

    /// Rows per chunk unless a reader asks otherwise: a few MB of codes, small next to a row
    /// group (up to a million rows).
    public static let defaultRows = 65536

    public init(
        categories: [[String]], codes: [[Int32]], value: [Double], sourceLine: [Int32], sourceColumn: [Int32]
    ) {
        precondition(categories.count == Text.allCases.count && codes.count == Text.allCases.count)
        self.categories = categories
        self.codes = codes
        self.value = value
        self.sourceLine = sourceLine
        self.sourceColumn = sourceColumn
    }

    /// Measurements as columns, each text column's categories in order of first appearance,
    /// encoded as ingest encodes them (`MeasurementBlock`): measurements held in memory go
    /// through the same columnar readers as stored ones.
    public init(_ measurements: [Measurement]) {
        var block = MeasurementBlock(capacity: max(1, measurements.count))
        for m in measurements { block.append(m) }
        self = block.columnChunk
    }

    /// The text of column `t` in row `row`.
    @inline(__always)
    public func text(_ t: Text, _ row: Int) -> String {
        let c = codes[t.rawValue][row]
        return c < 0 ? "" : categories[t.rawValue][Int(c)]
    }

    /// Row `row` as the `Measurement` it was stored from.
    public func measurement(_ row: Int) -> Measurement {
        MeasurementColumns.measurement(
            text: { text(Text(rawValue: $0)!, row) }, value: value[row], line: sourceLine[row],
            column: sourceColumn[row])
    }

    public var measurements: [Measurement] { (0..<count).map(measurement) }
}
