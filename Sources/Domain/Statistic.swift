/// What a number measures. Open-ended (FlowJo alone has dozens of statistics), so a string-backed
/// struct with the well-known kinds as constants rather than a closed enum.
public struct Statistic: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Events in a gate.
    public static let count = Statistic("count")
    /// Percent of the parent gate.
    public static let freqOfParent = Statistic("freq_of_parent")
    /// Percent of the grandparent gate.
    public static let freqOfGrandparent = Statistic("freq_of_grandparent")
    /// Percent of all events.
    public static let freqOfTotal = Statistic("freq_of_total")
    /// Percent of a named ancestor; the ancestor is the measurement's `denominator`.
    public static let freqOf = Statistic("freq_of")
    /// Cells per µL of blood.
    public static let absCount = Statistic("abs_count")
    /// A ratio of two populations of the same sample (Tfr/Tfh); the denominator names the divisor.
    public static let ratio = Statistic("ratio")
    /// Median fluorescence intensity of a channel (the channel is the measurement's `parameter`).
    public static let median = Statistic("median")
    public static let mean = Statistic("mean")
    public static let geometricMean = Statistic("geometric_mean")
    public static let cv = Statistic("cv")
    /// Analyte concentration (cytokines).
    public static let concentration = Statistic("concentration")
    /// Median fluorescence intensity of a bead region (cytokines).
    public static let mfi = Statistic("mfi")
    /// Background-subtracted MFI.
    public static let netMFI = Statistic("net_mfi")
    /// A plate response that is not a fluorescence intensity: MSD electrochemiluminescence
    /// counts, ELISA optical density.
    public static let signal = Statistic("signal")
    /// A background-adjusted `signal` (MSD Adjusted Signal).
    public static let adjustedSignal = Statistic("adjusted_signal")
    /// Beads counted for a well/analyte.
    public static let beadCount = Statistic("bead_count")
    /// Clinical instrument score or item value.
    public static let score = Statistic("score")
    /// Plain value of a laboratory test (CRP, lymphocyte count…).
    public static let value = Statistic("value")

    /// Statistics that are percentages and therefore must carry a denominator.
    public var isPercentage: Bool {
        // Compared one by one: an array literal here was allocated for every value checked.
        self == .freqOfParent || self == .freqOfGrandparent || self == .freqOfTotal || self == .freqOf
    }
}
