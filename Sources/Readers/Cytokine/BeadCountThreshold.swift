import Domain

/// The bead count below which a well's value is flagged `low-bead-count`.
enum BeadCountThreshold {
    /// Used when the file states no minimum; 50 beads per region is the common acceptance
    /// criterion of bead-assay kit protocols. Readers warn once when they fall back to it.
    static let commonDefault = 50.0

    static let flag = MeasurementFlag.lowBeadCount
}
