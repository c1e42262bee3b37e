import Domain

/// What the reader does with each `DataType:` section, by its name.
enum XPonentSectionKind: Hashable {
    /// `Location, Sample, <analytes…>, Total Events` rows holding one statistic.
    case perWell(Statistic)
    /// `Location, Sample, Dilution Factor`.
    case dilution
    /// Per-well, per-analyte remarks (`Extrapolated`, `Control Failed.`).
    case comments
    /// `Analyte:` / `BeadID:` / `Units:` rows.
    case units
    /// `Analyte:` / `BeadID:` / `Per Bead:` rows: the bead count each region must reach.
    case perBeadCount
    case analysisTypes
    case coefficients
    case rSquared
    /// `Reagent, <analytes…>` rows keyed by standard name.
    case standardExpected
    case controlExpected
    /// `Location, Status, Message`.
    case warnings
    /// Everything else (averages, ranges, MAGPIX bead statistics, audit logs): listed once in a
    /// warning, not read.
    case notRead

    init(sectionName: String) {
        switch sectionName.trimmingSpaces.lowercased() {
        case "median": self = .perWell(CytokineStatistic.mfi)
        case "net mfi": self = .perWell(CytokineStatistic.netMFI)
        case "count": self = .perWell(CytokineStatistic.beadCount)
        case "result": self = .perWell(CytokineStatistic.concentration)
        case "% recovery": self = .perWell(CytokineStatistic.recovery)
        case "%cv", "% cv": self = .perWell(CytokineStatistic.cv)
        case "dilution factor": self = .dilution
        case "comments": self = .comments
        case "units": self = .units
        case "per bead count": self = .perBeadCount
        case "analysis types": self = .analysisTypes
        case "analysis coefficients": self = .coefficients
        case "r^2": self = .rSquared
        case "standard expected concentration": self = .standardExpected
        case "control expected concentration": self = .controlExpected
        case "warnings/errors": self = .warnings
        default: self = .notRead
        }
    }

    /// The first column header a section of this kind must have.
    var expectedFirstColumn: String? {
        switch self {
        case .perWell, .dilution, .comments, .warnings: return "Location"
        case .units, .perBeadCount, .analysisTypes, .coefficients, .rSquared: return "Analyte:"
        case .standardExpected, .controlExpected: return "Reagent"
        case .notRead: return nil
        }
    }
}
