import Domain

/// The bead count below which a well's value is flagged `low-bead-count`.
public enum BeadCountThreshold {
    /// Used when the file states no minimum; 50 beads per region is the common acceptance
    /// criterion of bead-assay kit protocols. Readers warn once when they fall back to it.
    public static let commonDefault = 50.0

    public static let flag = MeasurementFlag.lowBeadCount

    /// `extra` keys under which a reader records the minimum the file itself states (xPONENT
    /// `Per Bead Count` / `Min Events`, an INTELLIFLEX minimum-events column), so that plate QC
    /// applies the file's acquisition setting instead of its configured default.
    public static let extraValueKey = "min_bead_count"
    public static let extraSourceKey = "min_bead_count_source"

    /// The `extra` pairs recording a file-stated minimum.
    public static func extraPairs(_ value: Double, source: String) -> [(String, String)] {
        [(extraValueKey, numberText(value)), (extraSourceKey, source)]
    }
}
