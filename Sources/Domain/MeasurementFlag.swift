/// The flags written into `Measurement.flags` (comma-separated), spelled once so that the layer
/// that sets a flag and the layer that acts on it can never disagree. `docs/store-format.md`
/// lists them with their meaning.
public enum MeasurementFlag {
    // What a well or tube holds, set by the readers.
    public static let standard = "standard"
    public static let control = "control"
    public static let blank = "blank"
    public static let unknown = "unknown"
    /// Standards, controls and blanks: stored for QC, never a subject's specimen.
    public static let qcMaterial: Set<String> = [standard, control, blank]

    // Set by ingest.
    public static let unmapped = "unmapped"
    public static let unlinked = "unlinked"
    public static let derived = "derived"
    /// One replicate well's value; the sample's value is its `replicateMean`.
    public static let wellLevel = "well-level"
    public static let replicateMean = "replicate-mean"
    public static let replicatesCensored = "replicates-censored"
    public static let replicateMissing = "replicate-missing"
}

extension Measurement {
    public func hasFlag(_ flag: String) -> Bool {
        flags.split(separator: ",").contains { $0 == flag }
    }

    /// A standard, control or blank well, or a control tube: QC material, not a subject's value.
    public var isQCMaterial: Bool {
        flags.split(separator: ",").contains { MeasurementFlag.qcMaterial.contains(String($0)) }
    }
}
