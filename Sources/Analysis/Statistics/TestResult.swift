/// The outcome of a hypothesis test: the statistic as scipy reports it, the two-sided p-value,
/// and how the p-value was obtained.
public struct TestResult: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        /// The exact null distribution.
        case exact
        /// The normal (or t) approximation.
        case asymptotic
    }

    public var statistic: Double
    public var pValue: Double
    public var method: Method
    /// Observations that entered the test (for Wilcoxon: non-zero differences).
    public var n: Int
}

/// Why a test could not be computed.
public struct StatisticsError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
