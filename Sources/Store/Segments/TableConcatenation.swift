import Domain

extension AuxiliaryTable {
    /// Rows of several same-shaped tables one after another. Tables whose columns differ (by
    /// name, order or type) are an error rather than a silent merge.
    static func concatenated(_ parts: [AuxiliaryTable], name: String) throws -> AuxiliaryTable {
        guard var merged = parts.first else { return AuxiliaryTable(name: name, columns: []) }
        merged.name = name
        for p in parts.dropFirst() {
            guard p.columns.map(\.name) == merged.columns.map(\.name) else {
                throw StoreError.invalid("table '\(name)' has different columns in different files or segments")
            }
            for i in merged.columns.indices {
                switch (merged.columns[i].column, p.columns[i].column) {
                case (.text(let a), .text(let b)): merged.columns[i].column = .text(a + b)
                case (.number(let a), .number(let b)): merged.columns[i].column = .number(a + b)
                default: throw StoreError.invalid("table '\(name)' column '\(merged.columns[i].name)' changes type")
                }
            }
        }
        return merged
    }
}
