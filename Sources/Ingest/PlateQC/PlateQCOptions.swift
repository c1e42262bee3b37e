/// Thresholds of the plate QC. The defaults are the ones docs/cytokines.md states.
public struct PlateQCOptions: Sendable {
    /// A control's acceptable range for one analyte, in pg/mL (overrides expected ± tolerance).
    public struct ControlRange: Sendable, Hashable {
        /// The control's sample name as the plate writes it (`Control1`).
        public var control: String
        /// The analyte as the measurements name it (code or source name).
        public var analyte: String
        public var low: Double
        public var high: Double
    }

    /// Standards must back-calculate within this range (percent of expected).
    public var standardRecoveryRange: ClosedRange<Double> = 70...130
    /// Without an explicit range, a control passes within expected × (1 ± this).
    public var controlTolerance: Double = 0.30
    public var controlRanges: [ControlRange] = []
    /// Replicate %CV limit (on raw MFI).
    public var replicateCVLimit: Double = 20
    /// The limit near the LLOQ, where imprecision is larger by nature.
    public var replicateCVLimitNearLLOQ: Double = 25
    /// "Near the LLOQ": a replicate is `<LLOQ`, or the replicates' mean concentration is below
    /// this multiple of the (dilution-corrected) LLOQ.
    public var nearLLOQFactor: Double = 2
    /// Fewer beads than this in a well's region is `low-bead-count`, unless the file states its
    /// own minimum (xPONENT `Per Bead Count` / `Min Events`), which then applies.
    public var minimumBeadCount: Double = 50
    /// Plate identifier and run date for `control_tracking`; when nil, taken from the
    /// measurements' `extra` (`plate` or `batch`; `run_date`), else the file name and "".
    public var plateID: String?
    public var runDate: String?

    public init() {}
}
