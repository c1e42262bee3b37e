import Domain

/// A column of a result table defined by how it reads a row: text, or a number (nil = missing).
/// The same definition gives the CSV file and the typed dataframe written back to the store.
struct TableColumn<Row> {
    enum Value {
        case text((Row) -> String)
        case number((Row) -> Double?)
    }
    let name: String
    let value: Value

    static func text(_ name: String, _ f: @escaping (Row) -> String) -> TableColumn { TableColumn(name: name, value: .text(f)) }
    static func number(_ name: String, _ f: @escaping (Row) -> Double?) -> TableColumn { TableColumn(name: name, value: .number(f)) }
    static func integer(_ name: String, _ f: @escaping (Row) -> Int?) -> TableColumn {
        TableColumn(name: name, value: .number { f($0).map(Double.init) })
    }
}

enum TableBuilder {
    static func make<Row>(_ name: String, rows: [Row], columns: [TableColumn<Row>]) -> AuxiliaryTable {
        // Each row read where it lies: `rows.map(f)` handed every column a copy of every row
        // (a response's record: nine strings retained and released, per column).
        rows.withUnsafeBufferPointer { rows in
            AuxiliaryTable(
                name: name,
                columns: columns.map { c in
                    switch c.value {
                    case .text(let f): return (c.name, .text(rows.indices.map { f(rows[$0]) }))
                    case .number(let f): return (c.name, .number(rows.indices.map { f(rows[$0]) ?? .nan }))
                    }
                })
        }
    }
}
