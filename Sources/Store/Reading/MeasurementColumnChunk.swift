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

    /// Measurements as columns, each text column's categories in order of first appearance
    /// (measurements held in memory go through the same columnar readers as stored ones).
    public init(_ measurements: [Measurement]) {
        var tables = [[String]](repeating: [], count: Text.allCases.count)
        var codes = [[Int32]](repeating: [], count: Text.allCases.count)
        for t in Text.allCases {
            var ids: [String: Int32] = [:]
            codes[t.rawValue] = measurements.map { m in
                let s = Self.text(t, of: m)
                if s.isEmpty { return -1 }
                if let k = ids[s] { return k }
                let k = Int32(tables[t.rawValue].count)
                ids[s] = k
                tables[t.rawValue].append(s)
                return k
            }
        }
        self.init(
            categories: tables, codes: codes, value: measurements.map(\.value),
            sourceLine: measurements.map { Int32(clamping: $0.sourceLine) },
            sourceColumn: measurements.map { Int32(clamping: $0.sourceColumn) })
    }

    /// The text of column `t` in row `row`.
    @inline(__always)
    public func text(_ t: Text, _ row: Int) -> String {
        let c = codes[t.rawValue][row]
        return c < 0 ? "" : categories[t.rawValue][Int(c)]
    }

    /// Row `row` as the `Measurement` it was stored from.
    public func measurement(_ row: Int) -> Measurement {
        Measurement(
            sample: text(.sample, row), subject: text(.subject, row), visit: text(.visit, row),
            collectionDate: text(.collectionDate, row),
            assay: Assay(rawValue: text(.assay, row)) ?? .clinical, analyte: text(.analyte, row),
            sourceName: text(.sourceName, row), statistic: Statistic(text(.statistic, row)),
            denominator: text(.denominator, row), parameter: text(.parameter, row), value: value[row],
            unit: text(.unit, row), qualifier: Qualifier(rawValue: text(.qualifier, row)) ?? .notAvailable,
            rawValue: text(.rawValue, row), flags: text(.flags, row), extra: text(.extra, row),
            sourceLine: Int(sourceLine[row]), sourceColumn: Int(sourceColumn[row]))
    }

    public var measurements: [Measurement] { (0..<count).map(measurement) }

    static func text(_ t: Text, of m: Measurement) -> String {
        switch t {
        case .sample: m.sample
        case .subject: m.subject
        case .visit: m.visit
        case .collectionDate: m.collectionDate
        case .assay: m.assay.rawValue
        case .analyte: m.analyte
        case .sourceName: m.sourceName
        case .statistic: m.statistic.rawValue
        case .denominator: m.denominator
        case .parameter: m.parameter
        case .unit: m.unit
        case .qualifier: m.qualifier.rawValue
        case .rawValue: m.rawValue
        case .flags: m.flags
        case .extra: m.extra
        }
    }
}
