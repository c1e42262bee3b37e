import Domain
import Store

/// Where the report's immune values come from: a store generation read chunk by chunk, or
/// measurements already in memory. `rows` and `subjects` are known before any row is read (from
/// segment metadata), so the pipeline can plan its partitions.
public struct MeasurementSource {
    /// Rows the source will deliver (at most).
    public var rows: Int
    /// Every subject the rows may mention.
    public var subjects: [String]
    /// Calls its argument with consecutive chunks of measurements, as columns (codes and
    /// categories, as the store holds them), not yet decompressed: `decoded()` runs on the
    /// thread that analyses the chunk, not on the one reading the store.
    public var forEachChunk: (((StoredColumnChunk) throws -> Void)) throws -> Void

    public init(
        rows: Int, subjects: [String], forEachChunk: @escaping (((StoredColumnChunk) throws -> Void)) throws -> Void
    ) {
        self.rows = rows
        self.subjects = subjects
        self.forEachChunk = forEachChunk
    }

    /// Measurements held in memory (tests, small inputs).
    public static func inMemory(_ measurements: [Domain.Measurement]) -> MeasurementSource {
        MeasurementSource(rows: measurements.count, subjects: Set(measurements.map(\.subject)).sorted()) { body in
            let chunk = MeasurementColumnChunk.defaultRows
            for start in stride(from: 0, to: measurements.count, by: chunk) {
                try body(StoredColumnChunk(MeasurementColumnChunk(Array(measurements[start..<min(measurements.count, start + chunk)]))))
            }
        }
    }
}
