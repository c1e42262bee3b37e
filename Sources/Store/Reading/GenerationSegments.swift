import Foundation

extension StudyStore {
    /// The segment files of a generation: its committed batches when the catalog has them, or,
    /// for a generation still being reprocessed, the batches its finished shards staged (so a
    /// data manager can review it with `diff` before committing).
    public func segmentPaths(generation g: Int64) throws -> [String] {
        let committed = try catalog.batches(generation: g)
        if !committed.isEmpty { return committed.compactMap(segmentPath) }
        var paths: [String] = []
        for m in try ShardManifest.all(store: self, generation: g).sorted(by: { $0.shard < $1.shard }) {
            let staging = try openStaging(generation: g, shard: m.shard, shards: m.shards)
            paths += try staging.catalog.batches(generation: 1).compactMap(staging.segmentPath)
        }
        return paths
    }
}
