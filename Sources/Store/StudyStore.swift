import Domain
import Foundation
import GRDB

/// A study store: a directory holding one trial's data.
///
/// ```
/// STORE/
///   catalog.sqlite            batches, sources, generations, audit log (SQLite, WAL)
///   raw/ab/abcdef…            every ingested file's bytes, by SHA-256
///   segments/g1/batch-000001.h5   immutable HDF5 segments, one per ingest batch (its
///                                 measurements in row groups of ≤ 2^20 rows)
///   tmp/                      segments being written (never read)
/// ```
public final class StudyStore: Sendable {
    public let root: String
    public let catalog: Catalog
    public let archive: RawArchive
    public let study: String

    public static let formatVersion = "1"

    var segmentsDirectory: String { "\(root)/segments" }
    var temporaryDirectory: String { "\(root)/tmp" }

    private init(root: String, catalog: Catalog, study: String, rawDirectory: String? = nil) {
        self.root = root
        self.catalog = catalog
        self.study = study
        archive = RawArchive(directory: rawDirectory ?? "\(root)/raw", temporaryDirectory: "\(root)/tmp")
    }

    /// The staging store of one reprocessing shard: `generations/G/shards/I-of-N.staging/` with
    /// its own catalog and segments, sharing this store's raw archive. Only that shard ever
    /// writes it, so shards on different nodes never share a SQLite database (SQLite's WAL mode
    /// does not work across hosts on a network filesystem); `commit` moves the staged segments
    /// into this store and registers them in one transaction. Re-opening an existing staging
    /// store (a shard run again after it died) recovers it like any store.
    public func staging(generation: Int64, shard: Int, shards: Int) throws -> StudyStore {
        let path = Self.stagingPath(root: root, generation: generation, shard: shard, shards: shards)
        let fm = FileManager.default
        if !fm.fileExists(atPath: "\(path)/catalog.sqlite") {
            for d in ["", "/segments", "/tmp"] { try fm.createDirectory(atPath: path + d, withIntermediateDirectories: true) }
            let c = try Catalog(path: "\(path)/catalog.sqlite")
            try c.transaction { db in
                try Catalog.setMeta(db, "format", "immunopipe-staging")
                try Catalog.setMeta(db, "format_version", Self.formatVersion)
                try Catalog.setMeta(db, "study", study)
                try Catalog.setMeta(db, "created_at", Clock.now())
                try Catalog.setMeta(db, "current_generation", "1")
                try db.execute(
                    sql: "INSERT INTO generations(id, status, created_at, note) VALUES (1, 'committed', ?, ?)",
                    arguments: [Clock.now(), "staging of shard \(shard)/\(shards) for generation \(generation)"])
            }
        }
        let store = StudyStore(
            root: path, catalog: try Catalog(path: "\(path)/catalog.sqlite"), study: study,
            rawDirectory: archive.directory)
        try store.recover()
        return store
    }

    static func stagingPath(root: String, generation: Int64, shard: Int, shards: Int) -> String {
        "\(root)/generations/\(generation)/shards/\(shard)-of-\(shards).staging"
    }

    /// Opens a finished shard's staging store to read it (commit, diff).
    func openStaging(generation: Int64, shard: Int, shards: Int) throws -> StudyStore {
        let path = Self.stagingPath(root: root, generation: generation, shard: shard, shards: shards)
        guard FileManager.default.fileExists(atPath: "\(path)/catalog.sqlite") else {
            throw StoreError.conflict("shard \(shard)/\(shards) of generation \(generation) has no staging store at \(path)")
        }
        return StudyStore(
            root: path, catalog: try Catalog(path: "\(path)/catalog.sqlite"), study: study,
            rawDirectory: archive.directory)
    }

    /// Creates a new, empty store for a study (e.g. `NCT05495321`), with generation 1 current.
    public static func initialise(at path: String, study: String) throws -> StudyStore {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: path).standardizedFileURL.path
        if fm.fileExists(atPath: "\(root)/catalog.sqlite") { throw StoreError.alreadyExists("\(root)/catalog.sqlite") }
        guard !study.isEmpty, study.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw StoreError.invalid("study id '\(study)' must be letters, digits, '-', '_' or '.'")
        }
        for d in ["", "/raw", "/segments", "/tmp"] {
            try fm.createDirectory(atPath: root + d, withIntermediateDirectories: true)
        }
        let catalog = try Catalog(path: "\(root)/catalog.sqlite")
        try catalog.transaction { db in
            try Catalog.setMeta(db, "format", "immunopipe-store")
            try Catalog.setMeta(db, "format_version", formatVersion)
            try Catalog.setMeta(db, "study", study)
            try Catalog.setMeta(db, "created_at", Clock.now())
            try Catalog.setMeta(db, "current_generation", "1")
            try db.execute(
                sql: "INSERT INTO generations(id, status, created_at, committed_at, note) VALUES (1, 'committed', ?, ?, 'initial')",
                arguments: [Clock.now(), Clock.now()])
            try Catalog.audit(db, "init", "study \(study)")
        }
        try FileSync.fsyncDirectory(root)
        return StudyStore(root: root, catalog: catalog, study: study)
    }

    /// Opens an existing store to write into it, and cleans up after any writer that was killed
    /// mid-write (its batch abandoned, its temporary files removed).
    public static func open(at path: String) throws -> StudyStore {
        let store = try open(at: path, readOnly: false)
        do { try store.recover() } catch { throw StoreError.classify(error, writing: store.root) }
        return store
    }

    /// Opens an existing store without writing anything (no recovery, no clean-up): `status`
    /// must work on a full disk and must not change what it reports on.
    public static func openForReading(at path: String) throws -> StudyStore {
        try open(at: path, readOnly: true)
    }

    private static func open(at path: String, readOnly: Bool) throws -> StudyStore {
        let root = URL(fileURLWithPath: path).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: "\(root)/catalog.sqlite") else { throw StoreError.notAStore(root) }
        let catalog = try Catalog(path: "\(root)/catalog.sqlite", readOnly: readOnly)
        guard try catalog.meta("format") == "immunopipe-store" else { throw StoreError.notAStore(root) }
        return StudyStore(root: root, catalog: catalog, study: try catalog.meta("study") ?? "")
    }

    /// This process's owner of temporary files in the store (locked for as long as it runs).
    public func owner() throws -> TemporaryOwner { try TemporaryOwner.current(in: temporaryDirectory) }

    /// Whether the process that wrote (or is writing) a batch is alive: its owner lock is held.
    /// Batches written before owner locks fall back to the pid, on this host only.
    func writerIsAlive(owner: String, pid: Int32, host: String) -> Bool {
        if !owner.isEmpty { return TemporaryOwner.isAlive(token: owner, in: temporaryDirectory) }
        return !(host == Identity.host && !FileSync.processIsAlive(pid))
    }

    /// Abandons batches whose writer died, deleting their temporary (or unregistered final)
    /// segment files, and removes every temporary file no live process owns. Committed data is
    /// never touched.
    public func recover() throws {
        for b in try catalog.writingBatches() where !writerIsAlive(owner: b.owner, pid: b.pid, host: b.host) {
            try removeSegmentFiles(of: b.id, generation: b.generation, pid: b.pid)
            try catalog.abandonBatch(b.id)
            try catalog.audit("recover", "abandoned batch \(b.id) of dead process \(b.pid) on \(b.host); its partial segment was removed")
        }
        let removed = TemporaryLeftovers.clean(in: temporaryDirectory)
        if !removed.entries.isEmpty {
            try catalog.audit("recover", "removed \(removed.entries.count) temporary file(s) of dead writers (\(removed.bytes) bytes)")
        }
    }

    /// Temporary files of dead writers, not yet removed (for `status`).
    public func leftovers() -> TemporaryLeftovers { TemporaryLeftovers.find(in: temporaryDirectory) }

    private func removeSegmentFiles(of batch: Int64, generation: Int64, pid: Int32) throws {
        let fm = FileManager.default
        try? fm.removeItem(atPath: temporaryPath(batch: batch, pid: pid))
        let final = "\(root)/\(segmentRelativePath(batch: batch, generation: generation))"
        if fm.fileExists(atPath: final) { try fm.removeItem(atPath: final) }
    }

    func segmentRelativePath(batch: Int64, generation: Int64) -> String {
        "segments/g\(generation)/batch-\(String(format: "%06lld", batch)).h5"
    }

    /// Where a writer from before owner locks kept a batch's segment while writing it.
    func temporaryPath(batch: Int64, pid: Int32) -> String {
        "\(temporaryDirectory)/batch-\(batch)-\(pid).h5.partial"
    }

    public func segmentPath(_ b: BatchInfo) -> String? {
        b.segment.map { "\(root)/\($0)" }
    }

    // MARK: batches

    /// A batch being written: the files it took, the ones it skipped, and its segment writer.
    public final class OpenBatch {
        public let id: Int64
        public let generation: Int64
        public let claimed: [OfferedFile]
        public let writer: SegmentWriter
        init(id: Int64, generation: Int64, claimed: [OfferedFile], writer: SegmentWriter) {
            self.id = id
            self.generation = generation
            self.claimed = claimed
            self.writer = writer
        }
    }

    /// Claims the files for a new batch and opens its segment writer. `batch` is nil when every
    /// file is already stored (or being stored by another live process): see `skipped`.
    /// New batches always go into the current generation: a reprocessed generation is built in
    /// its shards' staging stores, never in a store's own catalog.
    public func beginBatch(
        files: [OfferedFile], command: String, panel: String = "",
        shard: String = "", processing: String = "", chunk: Int = 65536,
        rowGroups: RowGroupLimits = .standard
    ) throws -> (batch: OpenBatch?, skipped: [SkippedFile]) {
        let owner = try owner()
        let claim = try catalog.beginBatch(
            files: files, command: command, panel: panel, shard: shard,
            processing: processing, owner: TemporaryOwner.token,
            isAlive: { writerIsAlive(owner: $0, pid: $1, host: $2) })
        guard let id = claim.batch else { return (nil, claim.skipped) }
        let g = claim.generation
        do {
            FaultPoint.reached("ingest.claimed")
            let writer = try SegmentWriter(
                batch: id, temporaryPath: "\(owner.directory)/batch-\(id).h5.partial",
                finalPath: "\(root)/\(segmentRelativePath(batch: id, generation: g))", chunk: chunk,
                limits: rowGroups)
            return (OpenBatch(id: id, generation: g, claimed: claim.claimed, writer: writer), claim.skipped)
        } catch {
            try? catalog.abandonBatch(id)
            throw error
        }
    }

    /// Publishes the batch's segment (fsync + rename + directory fsync), then records it as
    /// committed. If anything fails the batch is abandoned and its files removed.
    public func commit(
        _ batch: OpenBatch, sources: [SegmentSource], rejectedReasons: [String: String] = [:],
        attributes: [String: String] = [:], auditDetails: String
    ) throws {
        do {
            var attrs = attributes
            attrs["study"] = study
            attrs["generation"] = String(batch.generation)
            attrs["created_at"] = Clock.now()
            attrs["os_user"] = Identity.user
            attrs["host"] = Identity.host
            let path = try batch.writer.publish(sources: sources, attributes: attrs)
            FaultPoint.reached("ingest.published")
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
            try catalog.commitBatch(
                batch.id, segment: segmentRelativePath(batch: batch.id, generation: batch.generation),
                segmentBytes: bytes, sources: sources, rejectedReasons: rejectedReasons,
                audit: auditDetails)
        } catch {
            abandon(batch)
            throw StoreError.classify(error, writing: root)
        }
    }

    /// Gives a batch up: deletes its files and releases its claims. `forget` deletes its row
    /// too, for a batch that must leave no trace (a rejected `--strict` ingest).
    public func abandon(_ batch: OpenBatch, forget: Bool = false) {
        batch.writer.discard()
        try? removeSegmentFiles(of: batch.id, generation: batch.generation, pid: getpid())
        try? catalog.abandonBatch(batch.id, forget: forget)
    }
}
