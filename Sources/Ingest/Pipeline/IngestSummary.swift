import Domain

/// What an ingest did, per file and in total: the lab scientist's verdict.
public struct IngestSummary: Sendable, Codable {
    public struct FileResult: Sendable, Codable {
        public var name: String
        public var sha256: String
        /// `stored`, `rejected` (nothing stored from it), `skipped` (already in the store), or
        /// `held` (another live ingest is storing it right now: not stored by this one).
        public var outcome: String
        public var format: String
        public var accepted: Int
        public var rejected: Int
        public var warnings: Int
        public var message: String

        public init(
            name: String, sha256: String, outcome: String, format: String, accepted: Int, rejected: Int,
            warnings: Int, message: String
        ) {
            self.name = name
            self.sha256 = sha256
            self.outcome = outcome
            self.format = format
            self.accepted = accepted
            self.rejected = rejected
            self.warnings = warnings
            self.message = message
        }
    }

    public var batch: Int64?
    public var generation: Int64
    public var files: [FileResult] = []
    public var accepted = 0
    public var rejected = 0
    public var warnings = 0
    /// Every error and warning, in file order (capped in printing, never in the store).
    public var diagnostics: [Diagnostic] = []
    public var seconds: Double = 0

    public var rowsPerSecond: Double { seconds > 0 ? Double(accepted + rejected) / seconds : 0 }
}
