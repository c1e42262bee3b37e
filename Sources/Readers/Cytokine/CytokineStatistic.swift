import Domain

/// The statistics the cytokine readers emit. Kept in a namespace rather than as `Statistic`
/// extensions so that another module adding its own constants cannot make names ambiguous.
///
/// `mfi`, `net_mfi`, `bead_count` and `concentration` are Domain's; the rest are the cytokine
/// extras the standard-curve and QC steps need.
public enum CytokineStatistic {
    /// Median fluorescence intensity of a bead region in a well (xPONENT Median, Bio-Plex FI).
    public static let mfi = Statistic.mfi
    /// Background-subtracted MFI (xPONENT Net MFI, Bio-Plex FI - Bkgd).
    public static let netMFI = Statistic.netMFI
    /// Beads counted for the analyte in the well.
    public static let beadCount = Statistic.beadCount
    /// The instrument's own back-calculated concentration (xPONENT Result, Bio-Plex Obs Conc,
    /// MSD Calc. Concentration), with its qualifier.
    public static let concentration = Statistic.concentration
    /// The nominal concentration of a standard or control (Standard Expected Concentration,
    /// Exp Conc, MSD Concentration), as written in the file; the curve layer checks the series.
    public static let expectedConcentration = Statistic("expected_concentration")
    /// Observed / expected × 100 for standards and controls.
    public static let recovery = Statistic("recovery")
    /// Coefficient of variation in percent (xPONENT per-well bead %CV, Bio-Plex replicate %CV,
    /// MSD replicate CV).
    public static let cv = Statistic.cv
    /// The sample's dilution factor.
    public static let dilution = Statistic("dilution")
    /// A response that is not a fluorescence intensity: MSD electrochemiluminescence counts,
    /// ELISA optical density.
    public static let signal = Statistic.signal
    /// A background-adjusted `signal` (MSD Adjusted Signal).
    public static let adjustedSignal = Statistic.adjustedSignal
}
