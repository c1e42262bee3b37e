/// One row copied out of a text file or sheet: its 1-based line (or sheet row) and its raw field
/// texts by 0-based column. Readers that look at a table twice (header first, then rows) keep
/// these instead of the borrowed `DelimitedRecord`.
struct TextRow {
    var line: Int
    var fields: [String]

    /// Field `i`, or "" when the column is unknown (`nil`) or the row is shorter.
    func field(_ i: Int?) -> String {
        guard let i, i < fields.count else { return "" }
        return fields[i]
    }

    /// True when every field is empty or spaces.
    var isBlank: Bool { fields.allSatisfy { $0.trimmingSpaces.isEmpty } }
}
