import Analysis
import Domain

/// `cfb.csv`: the change-from-baseline dataset (ADaM BDS). The leading columns are fixed, in
/// this order, because analysis scripts read them by position; every further variable the
/// analysis layer provides (`CFBRecord.adamColumns`) follows, so nothing it derives is lost.
public enum CFBTable {
    public static let leadingColumns = [
        "STUDYID", "USUBJID", "ARM", "PARCAT", "PARAMCD", "PARAM", "AVISIT", "AVISITN", "ADY", "AVAL", "AVALC",
        "BASETYPE", "ABLFL", "BASE", "CHG", "PCHG", "R2BASE", "ANL01FL",
    ]
    /// Report column → analysis-layer variable where the names differ (one parameter category).
    static let sourceName = ["PARCAT": "PARCAT1"]
    /// Variables written as numbers in the store's dataframe.
    static let numeric: Set<String> = ["ADY", "AVISITN", "AVAL", "LLOQ", "ANRHI", "BASE", "CHG", "PCHG", "R2BASE", "L2R2BASE"]

    /// Text columns whose every row may differ: stored as plain strings, not categories.
    public static let plainTextColumns: Set<String> = ["SRCREF", "NOTE", "AVALC"]

    /// All columns: the leading ones, then the analysis layer's others in its order.
    public static var columns: [String] {
        let covered = Set(leadingColumns.map { sourceName[$0] ?? $0 })
        return leadingColumns + CFBRecord.adamColumns.filter { !covered.contains($0) }
    }

    public static func make(_ records: [CFBRecord]) -> AuxiliaryTable {
        let position = Dictionary(CFBRecord.adamColumns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let values = records.map(\.adamValues)
        return AuxiliaryTable(name: "cfb", columns: columns.map { name in
            let i = position[sourceName[name] ?? name]!
            if numeric.contains(name) {
                return (name, .number(values.map { Double($0[i]) ?? .nan }))
            }
            return (name, .text(values.map { $0[i] }))
        })
    }
}
