import Foundation

/// What `immunopipe status` reports: batches, rows per table, generations and disk use.
public struct StoreStatus: Sendable, Codable {
    public struct Batch: Sendable, Codable {
        public var id: Int64
        public var generation: Int64
        public var committedAt: String
        public var user: String
        public var files: Int
        public var rowsAccepted: Int64
        public var rowsRejected: Int64
        public var warnings: Int64
        public var segmentBytes: Int64
        public var shard: String
    }

    public var study: String
    public var path: String
    public var currentGeneration: Int64
    public var generations: [Catalog.GenerationInfo]
    /// Committed batches of the current generation.
    public var batches: [Batch]
    /// Rows per table in the current generation (`measurements`, `diagnostics`, side tables).
    public var rowsPerTable: [String: Int]
    /// Batches being written right now by live processes.
    public var inProgressBatches: Int
    public var abandonedBatches: Int
    /// Batches still marked as being written whose writer is dead: the next command that opens
    /// the store for writing abandons them.
    public var deadWriterBatches: Int
    /// Temporary files no live process owns (removed by the next command that writes).
    public var leftovers: TemporaryLeftovers
    /// Generations being reprocessed and not yet committed: shards finished of how many.
    public var stagedGenerations: [StagedGeneration]
    public struct StagedGeneration: Sendable, Codable {
        public var generation: Int64
        public var shardsFinished: Int
        public var shards: Int
        public var files: Int
        public var rowsAccepted: Int64
    }
    public var rawFiles: Int
    /// Bytes on disk: raw, segments, catalog, total.
    public var diskUse: [String: Int64]

    public static func read(_ store: StudyStore) throws -> StoreStatus {
        let g = try store.catalog.currentGeneration()
        let committed = try store.catalog.batches(generation: g)
        var rows: [String: Int] = ["measurements": 0, "diagnostics": 0]
        var batches: [Batch] = []
        for b in committed {
            let files = try store.catalog.sources(batch: b.id).count
            batches.append(
                Batch(
                    id: b.id, generation: b.generation, committedAt: b.committedAt ?? "", user: b.user,
                    files: files, rowsAccepted: b.rowsAccepted, rowsRejected: b.rowsRejected,
                    warnings: b.warnings, segmentBytes: b.segmentBytes, shard: b.shard))
            guard let p = store.segmentPath(b) else { continue }
            let seg = try SegmentReader(path: p)
            rows["measurements", default: 0] += try seg.rowCount
            rows["diagnostics", default: 0] += try seg.table("diagnostics")?.rowCount ?? 0
            for t in try seg.sideTableNames() { rows["tables/\(t)", default: 0] += try seg.table(t)?.rowCount ?? 0 }
            try seg.close()
        }
        let writingBatches = try store.catalog.batches(status: "writing")
        let dead = writingBatches.filter { !store.writerIsAlive(owner: $0.owner, pid: $0.pid, host: $0.host) }.count
        let writing = writingBatches.count - dead
        let abandoned = try store.catalog.batches(status: "abandoned").count
        let raw = Self.diskUse(of: "\(store.root)/raw")
        let segments = Self.diskUse(of: "\(store.root)/segments")
        let catalog = ["catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"]
            .map { Self.diskUse(of: "\(store.root)/\($0)").bytes }.reduce(0, +)
        let known = Set(try store.catalog.generations().map(\.id))
        var staged: [StagedGeneration] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(store.root)/generations")) ?? []
        for name in names.sorted() {
            guard let gen = Int64(name), !known.contains(gen) else { continue }
            let manifests = try ShardManifest.all(store: store, generation: gen)
            guard let n = manifests.first?.shards else { continue }
            staged.append(
                StagedGeneration(
                    generation: gen, shardsFinished: manifests.count, shards: n,
                    files: manifests.map(\.files.count).reduce(0, +),
                    rowsAccepted: manifests.map(\.rowsAccepted).reduce(0, +)))
        }
        return StoreStatus(
            study: store.study, path: store.root, currentGeneration: g,
            generations: try store.catalog.generations(), batches: batches, rowsPerTable: rows,
            inProgressBatches: writing, abandonedBatches: abandoned,
            deadWriterBatches: dead, leftovers: store.leftovers(), stagedGenerations: staged, rawFiles: raw.files,
            diskUse: [
                "raw": raw.bytes, "segments": segments.bytes, "catalog": catalog,
                "total": raw.bytes + segments.bytes + catalog,
            ])
    }

    static func diskUse(of path: String) -> (bytes: Int64, files: Int) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else { return (0, 0) }
        if !isDir.boolValue {
            return ((try? fm.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0, 1)
        }
        var total: Int64 = 0
        var files = 0
        if let e = fm.enumerator(atPath: path) {
            for case let name as String in e {
                let full = "\(path)/\(name)"
                var d: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue {
                    total += (try? fm.attributesOfItem(atPath: full)[.size] as? Int64) ?? 0
                    files += 1
                }
            }
        }
        return (total, files)
    }
}
