/// A table kept in the source as text: one row a line, columns separated by `|`, lines starting
/// with `#` for headings and notes. Long built-in tables (the cytokine catalogue, the synthetic
/// panel) read as tables this way, one row to a line, instead of one initialiser call per row.
public enum SourceTable {
    /// The rows of `text`, each cell trimmed of spaces and tabs. The table is part of the
    /// program, so a row with another number of cells than `columns` is a programming error.
    public static func rows(_ text: String, columns: Int) -> [[String]] {
        text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") { return nil }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingSpacesAndTabs }
            precondition(cells.count == columns, "a built-in table row has \(cells.count) cells, not \(columns): \(line)")
            return cells
        }
    }

    /// A cell holding a number, as the table's author wrote it.
    public static func number(_ cell: String) -> Double {
        guard let value = Double(cell) else { preconditionFailure("a built-in table cell is not a number: '\(cell)'") }
        return value
    }
}
