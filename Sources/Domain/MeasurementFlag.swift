/// A flag written into `Measurement.flags` (comma-separated in the store, where a categorical
/// string column keeps them cheap). Every flag is spelled once, here, so that the layer that sets
/// a flag and the layer that acts on it can never disagree; `docs/store-format.md` lists them
/// with their meaning.
public struct MeasurementFlag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // What a well or tube holds, set by the readers.
    public static let standard = MeasurementFlag(rawValue: "standard")
    public static let control = MeasurementFlag(rawValue: "control")
    public static let blank = MeasurementFlag(rawValue: "blank")
    public static let unknown = MeasurementFlag(rawValue: "unknown")
    /// Standards, controls and blanks: stored for QC, never a subject's specimen.
    public static let qcMaterial: Set<MeasurementFlag> = [standard, control, blank]

    // Set by ingest.
    public static let unmapped = MeasurementFlag(rawValue: "unmapped")
    public static let unlinked = MeasurementFlag(rawValue: "unlinked")
    /// A value computed by the panel (percent of an ancestor, ratio, absolute count).
    public static let derived = MeasurementFlag(rawValue: "derived")
    /// How a derived value was computed: from event counts, from a chain of frequencies, with
    /// counting beads, or from a blood count (dual platform).
    public static let fromCounts = MeasurementFlag(rawValue: "from-counts")
    public static let fromFrequencies = MeasurementFlag(rawValue: "from-frequencies")
    public static let beadCount = MeasurementFlag(rawValue: "bead-count")
    public static let dualPlatform = MeasurementFlag(rawValue: "dual-platform")
    /// The Treg gating strategy a mapped or derived value rests on (`treg_definition=CD25hiCD127lo`).
    public static func tregDefinition(_ definition: TregDefinition) -> MeasurementFlag {
        MeasurementFlag(rawValue: tregDefinitionPrefix + definition.rawValue)
    }
    public static let tregDefinitionPrefix = "treg_definition="
    /// One replicate well's value; the sample's value is its `replicateMean`.
    public static let wellLevel = MeasurementFlag(rawValue: "well-level")
    public static let replicateMean = MeasurementFlag(rawValue: "replicate-mean")
    public static let replicatesCensored = MeasurementFlag(rawValue: "replicates-censored")
    public static let replicateMissing = MeasurementFlag(rawValue: "replicate-missing")

    // Set by the plate analysis (curves and QC); the QC flags double as the codes of the
    // warnings that explain them.
    /// A concentration we back-calculated from our own curve (not the instrument's).
    public static let recomputed = MeasurementFlag(rawValue: "recomputed")
    public static let standardRecoveryOutOfRange = MeasurementFlag(rawValue: "standard-recovery-out-of-range")
    public static let controlOutOfRange = MeasurementFlag(rawValue: "control-out-of-range")
    public static let blankAboveLowestStandard = MeasurementFlag(rawValue: "blank-above-lowest-standard")
    public static let cvHigh = MeasurementFlag(rawValue: "cv-high")
    public static let lowBeadCount = MeasurementFlag(rawValue: "low-bead-count")
}

extension MeasurementFlag {
    /// Whether the comma-separated `flags` of a measurement has this flag. Hot loops over an
    /// array of measurements ask this of `rows[i].flags`: calling `rows[i].hasFlag` copied the
    /// whole row first.
    public func isListed(in flags: String) -> Bool {
        if flags.isEmpty { return false }
        // Flags are ASCII as the code spells them: compared byte by byte without splitting (an
        // array of substrings per call was a tenth of the FlowJo ingest's time). Anything else
        // keeps the comparison of characters.
        if let found = Self.asciiFlags(flags, contain: rawValue) { return found }
        return flags.split(separator: ",").contains { $0 == rawValue }
    }

    /// Whether the comma-separated `flags` has the token `flag`; nil when either is not ASCII.
    private static func asciiFlags(_ flags: String, contain flag: String) -> Bool? {
        var flags = flags, flag = flag
        return flags.withUTF8 { list in
            flag.withUTF8 { token -> Bool? in
                if token.contains(where: { $0 >= 0x80 }) || list.contains(where: { $0 >= 0x80 }) { return nil }
                if token.isEmpty { return false }
                var start = 0
                while start <= list.count {
                    var end = start
                    while end < list.count && list[end] != UInt8(ascii: ",") { end += 1 }
                    if end - start == token.count, (0..<token.count).allSatisfy({ list[start + $0] == token[$0] }) { return true }
                    start = end + 1
                }
                return false
            }
        }
    }
}

extension Measurement {
    public func hasFlag(_ flag: MeasurementFlag) -> Bool { flag.isListed(in: flags) }

    /// A standard, control or blank well, or a control tube: QC material, not a subject's value.
    public var isQCMaterial: Bool {
        flags.split(separator: ",").contains { MeasurementFlag.qcMaterial.contains(MeasurementFlag(rawValue: String($0))) }
    }

    /// Adds `flag` unless the measurement has it already.
    public mutating func addFlag(_ flag: MeasurementFlag) {
        if flags.isEmpty {
            flags = flag.rawValue
            return
        }
        if hasFlag(flag) { return }
        flags += "," + flag.rawValue
    }
}
