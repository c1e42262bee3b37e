import Domain
import Foundation
import Readers
import Store

/// `immunopipe reprocess --shard I/N --generation G`: re-derives, from the raw archive, the files
/// of the current generation that fall in shard I of N (by SHA-256), with today's readers and
/// the panel/linkage files recorded at their ingest (or the ones given), into generation G.
///
/// A shard writes only into its own staging store (`generations/G/shards/I-of-N.staging/`, its
/// own catalog and segments, the main raw archive) and reads the main catalog, so shards on
/// different nodes never write the same file or database. Re-running a shard that died skips
/// what it already committed (`already ingested`) and redoes the rest; files are processed in
/// SHA-256 order so the result is the same every time. The shard's manifest is written last,
/// atomically: its presence means the shard finished. `commit` registers the staged batches.
public struct Reprocessor {
    public let store: StudyStore
    public let generation: Int64
    public let shard: Int
    public let shards: Int
    /// Replaces the recorded configuration for every file when given.
    public var override: ProcessorConfiguration.Spec?
    public var version = immunopipeVersion

    public init(store: StudyStore, generation: Int64, shard: Int, shards: Int) throws {
        guard shards >= 1, (1...shards).contains(shard) else {
            throw StoreError.invalid("--shard must be I/N with 1 ≤ I ≤ N (got \(shard)/\(shards))")
        }
        self.store = store
        self.generation = generation
        self.shard = shard
        self.shards = shards
    }

    public struct Result: Sendable {
        public var manifest: ShardManifest
        public var summaries: [IngestSummary]
    }

    public func run(progress: (@Sendable (IngestPipeline.Progress) -> Void)? = nil) throws -> Result {
        let base = try store.catalog.currentGeneration()
        guard generation > base else {
            throw StoreError.conflict("generation \(generation) must be newer than the current generation \(base)")
        }
        if let status = try store.catalog.generations().first(where: { $0.id == generation })?.status {
            throw StoreError.conflict("generation \(generation) is already \(status); reprocess into a new generation")
        }
        let staging = try store.staging(generation: generation, shard: shard, shards: shards)
        let processingOf = Dictionary(uniqueKeysWithValues: try store.catalog.batches(generation: base).map { ($0.id, $0.processing) })
        let mine = try store.catalog.sources(generation: base)
            .filter { ShardManifest.shard(of: $0.sha256, count: shards) == shard }
            .sorted { $0.sha256 < $1.sha256 }

        // One batch per processing configuration, in a stable order.
        var groups: [String: [SourceInfo]] = [:]
        for s in mine {
            let spec = override ?? ProcessorConfiguration.Spec.from(json: processingOf[s.batch] ?? "")
            groups[spec.json, default: []].append(s)
        }
        var summaries: [IngestSummary] = []
        for (json, sources) in groups.sorted(by: { $0.key < $1.key }) {
            let spec = ProcessorConfiguration.Spec.from(json: json)
            let configured = try ProcessorConfiguration.make(spec)
            var options = IngestPipeline.Options()
            options.processor = configured.processor
            options.fileProcessor = try ProcessorConfiguration.plateProcessor(spec).processor
            options.panel = configured.panelID
            options.processing = json
            options.shard = "\(shard)/\(shards)"
            options.command = "immunopipe reprocess --shard \(shard)/\(shards) --generation \(generation)"
            let files = sources.map { SourceFile(path: store.archive.path(for: $0.sha256), displayName: $0.name) }
            for f in files where !FileManager.default.fileExists(atPath: f.path) {
                throw StoreError.corrupt("raw file of \(f.displayName) is missing from the archive: \(f.path)")
            }
            summaries.append(try IngestPipeline(store: staging, options: options).run(files, progress: progress))
        }

        // The manifest, from what the catalog now holds for these files in G.
        let inG = Dictionary(uniqueKeysWithValues: try staging.catalog.sources(generation: 1).map { ($0.sha256, $0) })
        var files: [ShardManifest.File] = []
        for s in mine {
            guard let r = inG[s.sha256] else {
                throw StoreError.conflict(
                    "\(s.name) was not stored in generation \(generation): another process is reprocessing it right now")
            }
            files.append(
                ShardManifest.File(
                    sha256: s.sha256, name: s.name, batch: r.batch, outcome: r.rejectedReason.isEmpty ? "stored" : "rejected",
                    format: r.format, parserVersion: r.parserVersion, rowsAccepted: r.rowsAccepted,
                    rowsRejected: r.rowsRejected, rejectedReason: r.rejectedReason))
        }
        let manifest = ShardManifest(
            generation: generation, shard: shard, shards: shards, baseGeneration: base,
            files: files, immunopipeVersion: version)
        FaultPoint.reached("reprocess.before-manifest")
        try manifest.write(to: store)
        try staging.catalog.audit(
            "reprocess", "shard \(shard)/\(shards) of generation \(generation): \(files.count) files, \(manifest.rowsAccepted) rows")
        return Result(manifest: manifest, summaries: summaries)
    }
}
