import Domain
import HDF5

/// Writes and reads small in-memory tables (sources, rejects, standard curves…) as AnnData
/// dataframes: text columns as categoricals, numbers as float64 arrays.
enum DataFrameIO {
    static func write(_ table: AuxiliaryTable, into parent: HDF5Group, name: String? = nil) throws {
        let group = try parent.createGroup(name ?? table.name)
        let options = DatasetOptions(chunk: max(1, min(65536, table.rowCount)))
        let filter = ChunkFilter()
        for (columnName, column) in table.columns {
            switch column {
            case .text(let values):
                let b = try CategoricalColumnBuilder(parent: group, name: columnName, options: options, filter: filter)
                for v in values { b.append(v) }
                try b.finish()
            case .number(let values):
                let d = try group.writeDataset(columnName, values, options: options)
                try AnnDataEncoding.markArray(d)
            }
        }
        let index = try group.writeDataset("row", (0..<Int64(table.rowCount)).map { $0 }, options: options)
        try AnnDataEncoding.markArray(index)
        try AnnDataEncoding.markDataFrame(group, columns: table.columns.map(\.name), index: "row")
    }

    /// Reads a dataframe group back into memory (categoricals decoded to strings, "" for missing).
    static func read(_ group: HDF5Group, name: String) throws -> AuxiliaryTable {
        let order = try group.stringArrayAttribute("column-order") ?? []
        var columns: [(name: String, column: AuxiliaryTable.Column)] = []
        for c in order {
            if group.isGroup(c) {
                columns.append((c, .text(try readCategorical(group.openGroup(c)))))
            } else {
                let d = try group.openDataset(c)
                switch try d.typeClass() {
                case .variableString, .fixedString: columns.append((c, .text(try d.readStrings())))
                default: columns.append((c, .number(try d.read(as: Double.self))))
                }
            }
        }
        return AuxiliaryTable(name: name, columns: columns)
    }

    static func readCategorical(_ group: HDF5Group, range: Range<Int>? = nil) throws -> [String] {
        let categories = try group.openDataset("categories").readStrings()
        let codes = try group.openDataset("codes").read(range, as: Int32.self)
        return codes.map { $0 < 0 ? "" : categories[Int($0)] }
    }
}
