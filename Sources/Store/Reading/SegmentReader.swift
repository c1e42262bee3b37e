import Domain
import HDF5

/// Reads one published segment (or an export, which has the same table layout).
public final class SegmentReader {
    public let path: String
    let file: HDF5File
    let root: HDF5Group
    let measurements: HDF5Group

    public init(path: String) throws {
        self.path = path
        file = try HDF5File.open(path)
        root = try file.root()
        measurements = try root.openGroup("measurements")
    }

    public var rowCount: Int {
        get throws { try measurements.openDataset("value").count() }
    }

    /// The categories of a text column.
    func categories(_ column: String) throws -> [String] {
        try measurements.openGroup(column).openDataset("categories").readStrings()
    }

    func codes(_ column: String, _ range: Range<Int>) throws -> [Int32] {
        try measurements.openGroup(column).openDataset("codes").read(range, as: Int32.self)
    }

    func numbers<T: HDF5Element>(_ column: String, _ range: Range<Int>, as: T.Type) throws -> [T] {
        try measurements.openDataset(column).read(range, as: T.self)
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

    /// Decodes rows `range` into measurements (for analysis and tests).
    public func measurements(_ range: Range<Int>? = nil) throws -> [Measurement] {
        let r = try range ?? 0..<rowCount
        var text: [[String]] = []
        for c in MeasurementColumns.text {
            let cats = try categories(c)
            text.append(try codes(c, r).map { $0 < 0 ? "" : cats[Int($0)] })
        }
        let values = try numbers("value", r, as: Double.self)
        let lines = try numbers("source_line", r, as: Int32.self)
        let columns = try numbers("source_column", r, as: Int32.self)
        return (0..<r.count).map { i in
            Measurement(sample: text[0][i], subject: text[1][i], visit: text[2][i], collectionDate: text[3][i],
                        assay: Assay(rawValue: text[4][i]) ?? .clinical, analyte: text[5][i], sourceName: text[6][i],
                        statistic: Statistic(text[7][i]), denominator: text[8][i], parameter: text[9][i],
                        value: values[i], unit: text[10][i], qualifier: Qualifier(rawValue: text[11][i]) ?? .notAvailable,
                        rawValue: text[12][i], flags: text[13][i], extra: text[14][i],
                        sourceLine: Int(lines[i]), sourceColumn: Int(columns[i]))
        }
    }

    public func close() throws { try file.close() }
}
