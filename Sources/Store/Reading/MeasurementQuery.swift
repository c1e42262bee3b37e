import Domain
import Foundation
import HDF5

/// How analysis reads the store: the committed batches of one generation, segment by segment,
/// in chunks, so a report on millions of rows never holds more than a chunk it does not keep.
extension StudyStore {
    /// Calls `body` with consecutive chunks of the generation's measurements (current by default).
    public func forEachMeasurementChunk(
        generation: Int64? = nil, chunk: Int = 65536,
        _ body: ([Domain.Measurement]) throws -> Void
    ) throws {
        let g = try generation ?? catalog.currentGeneration()
        for b in try catalog.batches(generation: g) {
            guard let path = segmentPath(b) else { continue }
            let seg = try SegmentReader(path: path)
            let n = try seg.rowCount
            var start = 0
            while start < n {
                try body(try seg.measurements(start..<min(n, start + chunk)))
                start += chunk
            }
            try seg.close()
        }
    }

    /// The same rows as `forEachMeasurementChunk`, in the same order, as column chunks (codes
    /// and categories; none spans two row groups): for readers of millions of rows.
    public func forEachMeasurementColumnChunk(
        generation: Int64? = nil, chunk: Int = 65536, _ body: (MeasurementColumnChunk) throws -> Void
    ) throws {
        let g = try generation ?? catalog.currentGeneration()
        for b in try catalog.batches(generation: g) {
            guard let path = segmentPath(b) else { continue }
            let seg = try SegmentReader(path: path)
            try seg.forEachColumnChunk(chunk: chunk, body)
            try seg.close()
        }
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
