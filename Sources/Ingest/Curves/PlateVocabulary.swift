import Foundation
import Domain

/// Statistics the multiplex readers emit besides the ones `Statistic` names, as they spell them.
public enum PlateStatistic {
    /// The nominal concentration of a standard or control well.
    public static let expectedConcentration = Statistic("expected_concentration")
    /// The instrument's own recovery, percent.
    public static let recovery = Statistic("recovery")
    /// The well's dilution factor (1 when the export leaves it empty).
    public static let dilution = Statistic("dilution")
}

/// Flags the plate analysis reads and writes (comma-separated in `Measurement.flags`).
public enum PlateFlag {
    // Well types, set by the readers.
    public static let standard = MeasurementFlag.standard
    public static let control = MeasurementFlag.control
    public static let blank = MeasurementFlag.blank
    public static let unknown = MeasurementFlag.unknown
    // Set here.
    /// A concentration we back-calculated from our own curve (not the instrument's).
    public static let recomputed = "recomputed"
    /// The standard series had a value damaged by a locale round-trip (repaired or excluded).
    public static let standardSeriesDamaged = "standard-series-damaged"
    public static let standardExcluded = "standard-excluded"
    public static let standardRecoveryOutOfRange = "standard-recovery-out-of-range"
    public static let controlOutOfRange = "control-out-of-range"
    public static let blankAboveLowestStandard = "blank-above-lowest-standard"
    public static let cvHigh = "cv-high"
    public static let lowBeadCount = "low-bead-count"
}

/// The role of a well on the plate.
public enum WellType: String, Sendable, Hashable, CaseIterable {
    case standard, control, blank, unknown

    /// The well type named in a measurement's flags, if any.
    public static func from(flags: String) -> WellType? {
        for f in flags.split(separator: ",") {
            if let t = WellType(rawValue: f.trimmingCharacters(in: .whitespaces)) { return t }
        }
        return nil
    }
}

