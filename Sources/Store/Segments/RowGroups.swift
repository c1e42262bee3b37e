import Foundation

/// A segment's `measurements` table is written in row groups, as Parquet does: when the group
/// being written reaches `rows` rows, or its text columns' distinct values reach
/// `categoryBytes`, it is finished (its categories written, its buffers freed) and the next one
/// is started. So the writer's memory is bounded whatever the size of the batch: a ten-million
/// row file with half a million sample names needs no more than a one-million-row one. Each row
/// group is a complete AnnData dataframe with its own categories; `SegmentReader` reads them
/// back as one table, in order.
public struct RowGroupLimits: Sendable, Hashable {
    public var rows: Int
    public var categoryBytes: Int

    public init(rows: Int = 1 << 20, categoryBytes: Int = 32 << 20) {
        self.rows = max(1, rows)
        self.categoryBytes = max(1, categoryBytes)
    }

    /// The defaults: 2^20 rows (about a million, the usual Parquet row group) or 32 MiB of
    /// distinct text values. `IMMUNOPIPE_ROW_GROUP_ROWS` overrides the row count (tests use it to
    /// make small batches span several groups).
    public static var standard: RowGroupLimits {
        var limits = RowGroupLimits()
        if let v = ProcessInfo.processInfo.environment["IMMUNOPIPE_ROW_GROUP_ROWS"], let n = Int(v), n > 0 { limits.rows = n }
        return limits
    }
}

enum RowGroups {
    /// Group names in a segment: `measurements`, then `measurements-2`, `measurements-3`, …
    static func name(_ index: Int) -> String {
        index == 0 ? "measurements" : "measurements-\(index + 1)"
    }

    /// Root attribute with the number of row groups (absent in segments written before row
    /// groups: one group).
    static let countAttribute = "row-groups"
}
