/// Where a report's data came from and when it was made, printed in the report header and
/// stored with the result tables.
public struct Provenance: Sendable, Hashable {
    public var storePath: String
    public var generation: Int64
    /// Committed batches of that generation.
    public var batches: Int
    /// Measurements read from the store (before subjects without linkage were left out).
    public var measurementRows: Int
    /// When the report was made (ISO 8601, UTC).
    public var createdAt: String
    /// Input files by role (`clinical assessments`, `first doses`, `randomization`, `study definition`).
    public var inputs: [(role: String, path: String)]
    /// The name the result tables are written under in the store (`results/<name>.h5`), if any.
    public var resultsName: String
    /// The command line that made the report.
    public var command: String

    public init(
        storePath: String = "", generation: Int64 = 0, batches: Int = 0, measurementRows: Int = 0,
        createdAt: String, inputs: [(role: String, path: String)] = [], resultsName: String = "", command: String = ""
    ) {
        self.storePath = storePath
        self.generation = generation
        self.batches = batches
        self.measurementRows = measurementRows
        self.createdAt = createdAt
        self.inputs = inputs
        self.resultsName = resultsName
        self.command = command
    }

    public static func == (a: Provenance, b: Provenance) -> Bool {
        a.storePath == b.storePath && a.generation == b.generation && a.batches == b.batches
            && a.measurementRows == b.measurementRows && a.createdAt == b.createdAt
            && a.inputs.map(\.role) == b.inputs.map(\.role) && a.inputs.map(\.path) == b.inputs.map(\.path)
            && a.resultsName == b.resultsName && a.command == b.command
    }

    public func hash(into h: inout Hasher) {
        h.combine(storePath)
        h.combine(generation)
        h.combine(createdAt)
        h.combine(resultsName)
    }
}
