import Foundation

/// What one reprocessing shard did, written to `generations/G/shards/I-of-N.json` when the shard
/// finishes. `commit` reads every shard's manifest to prove the generation is complete.
public struct ShardManifest: Codable, Sendable, Hashable {
    public struct File: Codable, Sendable, Hashable {
        public var sha256: String
        public var name: String
        public var batch: Int64
        /// `stored` or `rejected` (the file no longer parses as a whole).
        public var outcome: String
        public var format: String
        public var parserVersion: String
        public var rowsAccepted: Int64
        public var rowsRejected: Int64
        public var rejectedReason: String

        public init(
            sha256: String, name: String, batch: Int64, outcome: String, format: String, parserVersion: String,
            rowsAccepted: Int64, rowsRejected: Int64, rejectedReason: String
        ) {
            self.sha256 = sha256
            self.name = name
            self.batch = batch
            self.outcome = outcome
            self.format = format
            self.parserVersion = parserVersion
            self.rowsAccepted = rowsAccepted
            self.rowsRejected = rowsRejected
            self.rejectedReason = rejectedReason
        }
    }

    public var generation: Int64
    public var shard: Int
    public var shards: Int
    /// The generation whose sources were re-derived (current when the shard ran).
    public var baseGeneration: Int64
    public var files: [File]
    public var rowsAccepted: Int64
    public var rowsRejected: Int64
    public var finishedAt: String
    public var host: String
    public var immunopipeVersion: String

    public init(generation: Int64, shard: Int, shards: Int, baseGeneration: Int64, files: [File], immunopipeVersion: String) {
        self.generation = generation
        self.shard = shard
        self.shards = shards
        self.baseGeneration = baseGeneration
        self.files = files
        self.immunopipeVersion = immunopipeVersion
        rowsAccepted = files.map(\.rowsAccepted).reduce(0, +)
        rowsRejected = files.map(\.rowsRejected).reduce(0, +)
        finishedAt = Clock.now()
        host = Identity.host
    }

    /// Stable shard of a file: the first 64 bits of its SHA-256 modulo N, 1-based. Depends only
    /// on the bytes, so a re-run or another node always picks the same files.
    public static func shard(of sha256: String, count: Int) -> Int {
        Int(UInt64(sha256.prefix(16), radix: 16)! % UInt64(count)) + 1
    }

    static func directory(store: StudyStore, generation: Int64) -> String {
        "\(store.root)/generations/\(generation)/shards"
    }

    public static func path(store: StudyStore, generation: Int64, shard: Int, shards: Int) -> String {
        "\(directory(store: store, generation: generation))/\(shard)-of-\(shards).json"
    }

    /// Writes the manifest atomically (temp file, fsync, rename).
    public func write(to store: StudyStore) throws {
        let path = Self.path(store: store, generation: generation, shard: shard, shards: shards)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.keyEncodingStrategy = .convertToSnakeCase
        let tmp = try store.owner().path("manifest", suffix: ".json")
        try e.encode(self).write(to: URL(fileURLWithPath: tmp))
        try FileSync.publish(tmp, as: path)
    }

    /// Every manifest written for a generation.
    public static func all(store: StudyStore, generation: Int64) throws -> [ShardManifest] {
        let dir = directory(store: store, generation: generation)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try names.filter { $0.hasSuffix(".json") }.sorted().map {
            try d.decode(ShardManifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/\($0)")))
        }
    }
}
