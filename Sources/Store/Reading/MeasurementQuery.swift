import Domain
import Foundation
import HDF5

/// How analysis reads the store: the committed batches of one generation, segment by segment,
/// in chunks, so a report on millions of rows never holds more than a chunk it does not keep.
extension StudyStore {
    /// Calls `body` with consecutive chunks of the generation's measurements (current by default).
    public func forEachMeasurementChunk(generation: Int64? = nil, chunk: Int = 65536,
                                        _ body: ([Domain.Measurement]) throws -> Void) throws {
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

    /// The generation's measurements that satisfy `predicate`.
    public func measurements(generation: Int64? = nil, where predicate: (Domain.Measurement) -> Bool = { _ in true }) throws -> [Domain.Measurement] {
        var out: [Domain.Measurement] = []
        try forEachMeasurementChunk(generation: generation) { chunk in out += chunk.filter(predicate) }
        return out
    }

    /// Writes derived results (report tables) back into the store as one HDF5 file under
    /// `results/`, published atomically like a segment, and records it in the audit log.
    /// Returns the file's path.
    @discardableResult
    public func writeResults(name: String, tables: [AuxiliaryTable], attributes: [String: String]) throws -> String {
        guard !name.isEmpty, !name.contains("/") else { throw StoreError.invalid("result name '\(name)' must be a plain file name") }
        let dir = "\(root)/results"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let final = "\(dir)/\(name).h5"
        let tmp = "\(temporaryDirectory)/results-\(getpid())-\(UUID().uuidString).h5.partial"
        let file = try HDF5File.create(tmp)
        do {
            let root = try file.root()
            for t in tables { try DataFrameIO.write(t, into: root) }
            try root.setAttribute("format", "immunopipe-results")
            try root.setAttribute("format-version", "1")
            try root.setAttribute("study", study)
            try root.setAttribute("generation", Int64(try catalog.currentGeneration()))
            try root.setAttribute("created_at", Clock.now())
            for (k, v) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(k, v) }
            try file.close()
            try FileSync.publish(tmp, as: final)
        } catch {
            try? file.close()
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
        try catalog.audit("results", "\(name): \(tables.map { "\($0.name) (\($0.rowCount) rows)" }.joined(separator: ", "))")
        return final
    }
}
