/// A small side table a reader or derivation produces besides measurements: standard-curve fits,
/// plate QC, control tracking. The store writes each as its own dataframe in the segment.
public struct AuxiliaryTable: Sendable, Hashable {
    public enum Column: Sendable, Hashable {
        case text([String])
        case number([Double])

        public var count: Int {
            switch self {
            case .text(let v): return v.count
            case .number(let v): return v.count
            }
        }
    }

    /// Group name inside the segment, e.g. `standard_curves`, `plate_qc`.
    public var name: String
    /// Columns in order; all the same length.
    public var columns: [(name: String, column: Column)]

    public init(name: String, columns: [(name: String, column: Column)]) {
        self.name = name
        self.columns = columns
    }

    public var rowCount: Int { columns.first?.column.count ?? 0 }

    public static func == (a: AuxiliaryTable, b: AuxiliaryTable) -> Bool {
        a.name == b.name && a.columns.map(\.name) == b.columns.map(\.name)
            && a.columns.map(\.column) == b.columns.map(\.column)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        for c in columns {
            hasher.combine(c.name)
            hasher.combine(c.column)
        }
    }
}

extension AuxiliaryTable {
    /// The text column of that name, nil when absent or numeric.
    public func text(_ name: String) -> [String]? {
        if case .text(let v)? = columns.first(where: { $0.name == name })?.column { return v }
        return nil
    }

    /// The number column of that name, nil when absent or text.
    public func numbers(_ name: String) -> [Double]? {
        if case .number(let v)? = columns.first(where: { $0.name == name })?.column { return v }
        return nil
    }
}
