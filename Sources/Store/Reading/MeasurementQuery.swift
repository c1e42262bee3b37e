import Domain
import Foundation
import HDF5

/// How analysis reads the store: the committed batches of one generation, segment by segment,
/// in chunks, so a report on millions of rows never holds more than a chunk it does not keep.
extension StudyStore {
    /// Calls `body` with consecutive chunks of the generation's measurements (current by
    /// default), as columns: codes and categories, none spanning two row groups. For readers of
    /// millions of rows, which work per category and per row only on integers.
    public func forEachMeasurementColumnChunk(
        generation: Int64? = nil, chunk: Int = MeasurementColumnChunk.defaultRows,
        omitting: Set<MeasurementColumnChunk.Omissible> = [],
        _ body: (MeasurementColumnChunk) throws -> Void
    ) throws {
        try forEachStoredMeasurementColumnChunk(generation: generation, chunk: chunk, omitting: omitting) {
            try body(try $0.decoded())
        }
    }

    /// The same chunks as they lie in the segments, to be decoded (`StoredColumnChunk.decoded`)
    /// on other threads while this one reads on.
    public func forEachStoredMeasurementColumnChunk(
        generation: Int64? = nil, chunk: Int = MeasurementColumnChunk.defaultRows,
        omitting: Set<MeasurementColumnChunk.Omissible> = [],
        _ body: (StoredColumnChunk) throws -> Void
    ) throws {
        let g = try generation ?? catalog.currentGeneration()
        for b in try catalog.batches(generation: g) {
            guard let path = segmentPath(b) else { continue }
            let seg = try SegmentReader(path: path)
            try seg.forEachStoredColumnChunk(chunk: chunk, omitting: omitting, body)
            try seg.close()
        }
    }

    /// The same chunks as `Measurement`s.
    public func forEachMeasurementChunk(
        generation: Int64? = nil, chunk: Int = MeasurementColumnChunk.defaultRows,
        _ body: ([Domain.Measurement]) throws -> Void
    ) throws {
        try forEachMeasurementColumnChunk(generation: generation, chunk: chunk) { try body($0.measurements) }
    }

    /// The generation's measurements that satisfy `predicate`.
    public func measurements(generation: Int64? = nil, where predicate: (Domain.Measurement) -> Bool = { _ in true }) throws -> [Domain
        .Measurement]
    {
        var out: [Domain.Measurement] = []
        try forEachMeasurementChunk(generation: generation) { chunk in out += chunk.filter(predicate) }
        return out
    }
}
