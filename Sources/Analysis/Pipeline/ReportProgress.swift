/// How far a report has got, reported by `AnalysisPipeline` through a callback (the CLI draws it; the
/// pipeline never prints). Phases run in this order; `done`/`total` count the phase's unit.
public struct ReportProgress: Sendable {
    public enum Phase: String, Sendable {
        /// Reading the store's measurements (unit: rows).
        case reading
        /// Change from baseline, a subject range at a time (unit: measurement rows derived).
        case deriving
        /// Summaries, tests and figures, a parameter at a time (unit: parameters).
        case analysing
        /// Tables and page written.
        case writing
    }

    public var phase: Phase
    public var done: Int
    public var total: Int
    /// `rows` or `parameters`.
    public var unit: String
    /// Seconds since the report started.
    public var elapsed: Double

    public init(phase: Phase, done: Int, total: Int, unit: String, elapsed: Double) {
        self.phase = phase
        self.done = done
        self.total = total
        self.unit = unit
        self.elapsed = elapsed
    }
}
