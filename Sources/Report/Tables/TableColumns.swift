import Domain

/// A column of a result table defined by how it reads a row: text, or a number (nil = missing).
/// The same definition gives the CSV file and the typed dataframe written back to the store.
struct TableColumn<Row> {
    enum Value {
        case text((RowReference<Row>) -> String)
        case number((RowReference<Row>) -> Double?)
    }
    let name: String
    let value: Value

    static func text(_ name: String, _ f: @escaping (RowReference<Row>) -> String) -> TableColumn {
        TableColumn(name: name, value: .text(f))
    }
    static func number(_ name: String, _ f: @escaping (RowReference<Row>) -> Double?) -> TableColumn {
        TableColumn(name: name, value: .number(f))
    }
    static func integer(_ name: String, _ f: @escaping (RowReference<Row>) -> Int?) -> TableColumn {
        TableColumn(name: name, value: .number { f($0).map(Double.init) })
    }
}

/// A row as a column reads it: its properties (`$0.subject`), read where the row lies. A
/// column given the row itself got a copy of it for every row and column: for a response, seven
/// strings retained and released each time, a fifth of the report's last, single-threaded second
/// at 10 M rows.
@dynamicMemberLookup
struct RowReference<Row> {
    let pointer: UnsafePointer<Row>

    @inline(__always)
    subscript<T>(dynamicMember path: KeyPath<Row, T>) -> T { pointer.pointee[keyPath: path] }
}

enum TableBuilder {
    static func make<Row>(_ name: String, rows: [Row], columns: [TableColumn<Row>]) -> AuxiliaryTable {
        rows.withUnsafeBufferPointer { rows in
            func each<T>(_ f: (RowReference<Row>) -> T) -> [T] {
                rows.indices.map { f(RowReference(pointer: rows.baseAddress! + $0)) }
            }
            return AuxiliaryTable(
                name: name,
                columns: columns.map { c in
                    switch c.value {
                    case .text(let f): return (c.name, .text(each(f)))
                    case .number(let f): return (c.name, .number(each { f($0) ?? .nan }))
                    }
                })
        }
    }
}
