import Foundation
import GRDB

/// The store's catalog: segments, batches, sources and their provenance, generations, and the
/// append-only audit log, in SQLite (WAL mode) through GRDB. Every write is an IMMEDIATE
/// transaction, so concurrent ingest processes serialise on the catalog and never lose a batch.
public final class Catalog: Sendable {
    let pool: any DatabaseWriter
    public let path: String

    /// `readOnly`: never writes (no migration); for `status`, which must work on a full disk.
    init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(60)
        config.label = "immunopipe-catalog"
        do {
            if readOnly {
                config.readonly = true
                pool = try Self.openReadOnly(path: path, config: config)
            } else {
                pool = try DatabasePool(path: path, configuration: config)
                try CatalogSchema.migrator.migrate(pool)
            }
        } catch {
            throw StoreError.classify(error, writing: (path as NSString).deletingLastPathComponent)
        }
    }

    /// A WAL database is normally read through its shared-memory index (`-shm`), which SQLite
    /// must be able to grow: on a full disk that fails ("disk I/O error"), read-only or not.
    /// A connection in EXCLUSIVE locking mode keeps the index in private memory instead and
    /// reads the same data (the WAL included); SQLite only grants that mode to a read-write
    /// connection, so this one is opened read-write but only ever reads (no migration either),
    /// and it holds the database's lock only while this one command reads.
    private static func openReadOnly(path: String, config: Configuration) throws -> any DatabaseWriter {
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            _ = try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM meta") }
            return pool
        } catch {
            var exclusive = config
            exclusive.readonly = false
            exclusive.prepareDatabase { db in try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
            return try DatabaseQueue(path: path, configuration: exclusive)
        }
    }

    /// Runs `body` in an IMMEDIATE transaction (takes the write lock up front, so two processes
    /// cannot both read-then-write the same claims).
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    // MARK: meta

    func meta(_ key: String) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    static func setMeta(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(
            sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }

    public func currentGeneration() throws -> Int64 {
        guard let g = try meta("current_generation").flatMap(Int64.init) else {
            throw StoreError.corrupt("catalog has no current generation")
        }
        return g
    }

    // MARK: audit

    static func audit(_ db: Database, _ action: String, _ details: String, user: String? = nil) throws {
        try db.execute(
            sql: "INSERT INTO audit(time, os_user, host, action, details) VALUES (?, ?, ?, ?, ?)",
            arguments: [Clock.now(), user ?? Identity.user, Identity.host, action, details])
    }

    /// Appends to the audit log. `user` defaults to the operating-system user running the
    /// command; the portal passes its signed-in account (`portal:NAME`).
    public func audit(_ action: String, _ details: String, user: String? = nil) throws {
        try transaction { try Self.audit($0, action, details, user: user) }
    }

    public func auditLog() throws -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id").map {
                AuditEntry(
                    id: $0["id"], time: $0["time"], user: $0["os_user"], host: $0["host"],
                    action: $0["action"], details: $0["details"])
            }
        }
    }

    // MARK: batches

    /// Opens a batch in the current generation (read inside the claim's transaction, so a
    /// `commit` cannot switch generations between the two) and claims the offered files for it.
    /// Files whose bytes are already stored in that generation are skipped with the batch that
    /// holds them; files a live process is ingesting right now are skipped too; claims left by
    /// dead writers (`isAlive(owner, pid, host)` false) are taken over. Returns nil as the batch
    /// when nothing is left to ingest.
    func beginBatch(
        files: [OfferedFile], command: String, panel: String, shard: String = "", processing: String = "",
        owner: String, isAlive: (String, Int32, String) -> Bool
    )
        throws -> (batch: Int64?, generation: Int64, claimed: [OfferedFile], skipped: [SkippedFile])
    {
        try transaction { db in
            guard let generation = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'current_generation'")
            else {
                throw StoreError.corrupt("catalog has no current generation")
            }
            var claimed: [OfferedFile] = []
            var skipped: [SkippedFile] = []
            var seen = Set<String>()
            for f in files {
                if !seen.insert(f.sha256).inserted {
                    skipped.append(SkippedFile(file: f, existingBatch: 0, reason: "same bytes as another file in this ingest"))
                    continue
                }
                if let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.batch, b.status, b.pid, b.host, b.owner FROM sources s JOIN batches b ON b.id = s.batch
                        WHERE s.generation = ? AND s.sha256 = ?
                        """, arguments: [generation, f.sha256])
                {
                    let batch: Int64 = row["batch"]
                    let status: String = row["status"]
                    let pid: Int32 = row["pid"]
                    let host: String = row["host"]
                    if status == "committed" {
                        skipped.append(SkippedFile(file: f, existingBatch: batch, reason: "already ingested as batch \(batch)"))
                        continue
                    }
                    if status == "writing", isAlive(row["owner"], pid, host) {
                        skipped.append(
                            SkippedFile(
                                file: f, existingBatch: batch, held: true,
                                reason: "being ingested right now as batch \(batch) by process \(pid) on \(host)"))
                        continue
                    }
                    // A dead writer's claim: release it.
                    try db.execute(sql: "DELETE FROM sources WHERE generation = ? AND sha256 = ?", arguments: [generation, f.sha256])
                    if status == "writing" {
                        try db.execute(sql: "UPDATE batches SET status = 'abandoned' WHERE id = ?", arguments: [batch])
                    }
                }
                claimed.append(f)
            }
            guard !claimed.isEmpty else { return (nil, generation, [], skipped) }
            try db.execute(
                sql: """
                    INSERT INTO batches(generation, status, created_at, os_user, host, pid, command, panel, shard, processing, owner)
                    VALUES (?, 'writing', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [generation, Clock.now(), Identity.user, Identity.host, getpid(), command, panel, shard, processing, owner])
            let batch = db.lastInsertedRowID
            for f in claimed {
                try db.execute(
                    sql: "INSERT INTO sources(batch, generation, sha256, name, size) VALUES (?, ?, ?, ?, ?)",
                    arguments: [batch, generation, f.sha256, f.name, f.size])
            }
            return (batch, generation, claimed, skipped)
        }
    }

    /// Marks a batch committed with its segment and per-source results, in one transaction.
    func commitBatch(
        _ batch: Int64, segment: String, segmentBytes: Int64, sources: [SegmentSource],
        rejectedReasons: [String: String], audit details: String
    ) throws {
        try transaction { db in
            let status = try String.fetchOne(db, sql: "SELECT status FROM batches WHERE id = ?", arguments: [batch])
            guard status == "writing" else {
                throw StoreError.conflict("batch \(batch) is \(status ?? "missing"), not writing: it was taken over as abandoned")
            }
            // A `commit` (or switch back) made another generation current while this batch was
            // written: committing it into the old one would hide it from every reader.
            let generation = try Int64.fetchOne(db, sql: "SELECT generation FROM batches WHERE id = ?", arguments: [batch]) ?? 0
            let current = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'current_generation'") ?? 0
            guard generation == current else { throw StoreError.generationSwitched(from: generation, to: current) }
            var accepted = 0, rejected = 0, warnings = 0
            for s in sources {
                try db.execute(
                    sql: """
                        UPDATE sources SET format = ?, parser_version = ?, rows_accepted = ?, rows_rejected = ?,
                        warnings = ?, rejected_reason = ? WHERE batch = ? AND sha256 = ?
                        """,
                    arguments: [
                        s.format, s.parserVersion, s.rowsAccepted, s.rowsRejected, s.warnings,
                        rejectedReasons[s.sha256] ?? "", batch, s.sha256,
                    ])
                accepted += s.rowsAccepted
                rejected += s.rowsRejected
                warnings += s.warnings
            }
            try db.execute(
                sql: """
                    UPDATE batches SET status = 'committed', segment = ?, committed_at = ?, rows_accepted = ?,
                    rows_rejected = ?, warnings = ?, segment_bytes = ? WHERE id = ?
                    """, arguments: [segment, Clock.now(), accepted, rejected, warnings, segmentBytes, batch])
            try Self.audit(db, "ingest", details)
        }
    }

    /// Gives a batch up: its claims are released and it will never become visible. `forget`
    /// deletes the batch row as well (a rejected `--strict` ingest leaves no trace).
    func abandonBatch(_ batch: Int64, forget: Bool = false) throws {
        try transaction { db in
            try db.execute(sql: "DELETE FROM sources WHERE batch = ?", arguments: [batch])
            if forget {
                try db.execute(sql: "DELETE FROM batches WHERE id = ? AND status = 'writing'", arguments: [batch])
            } else {
                try db.execute(sql: "UPDATE batches SET status = 'abandoned' WHERE id = ? AND status = 'writing'", arguments: [batch])
            }
        }
    }

    /// Batches still 'writing': being written now, or by a writer that died.
    func writingBatches() throws -> [BatchInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM batches WHERE status = 'writing'").map(BatchInfo.init(row:))
        }
    }

    public func batches(generation: Int64? = nil, status: String? = "committed") throws -> [BatchInfo] {
        try read { db in
            var sql = "SELECT * FROM batches WHERE 1=1"
            var args: [any DatabaseValueConvertible] = []
            if let g = generation {
                sql += " AND generation = ?"
                args.append(g)
            }
            if let s = status {
                sql += " AND status = ?"
                args.append(s)
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: StatementArguments(args)).map(BatchInfo.init(row:))
        }
    }

    public func sources(batch: Int64) throws -> [SourceInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sources WHERE batch = ? ORDER BY id", arguments: [batch]).map(SourceInfo.init(row:))
        }
    }

    public func sources(generation: Int64) throws -> [SourceInfo] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.* FROM sources s JOIN batches b ON b.id = s.batch
                    WHERE s.generation = ? AND b.status = 'committed' ORDER BY s.id
                    """, arguments: [generation]
            ).map(SourceInfo.init(row:))
        }
    }

    // MARK: generations

    public struct GenerationInfo: Sendable, Hashable, Codable {
        public var id: Int64
        public var status: String
        public var createdAt: String
        public var committedAt: String?
        public var note: String
    }

    public func generations() throws -> [GenerationInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM generations ORDER BY id").map {
                GenerationInfo(
                    id: $0["id"], status: $0["status"], createdAt: $0["created_at"],
                    committedAt: $0["committed_at"], note: $0["note"])
            }
        }
    }
}

/// Who and where, for provenance and the audit log.
enum Identity {
    static let user: String = {
        let env = ProcessInfo.processInfo.environment
        if let u = env["USER"] ?? env["LOGNAME"], !u.isEmpty { return u }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid-\(getuid())"
    }()
    static let host: String = ProcessInfo.processInfo.hostName
}

/// Timestamps in UTC ISO 8601 with milliseconds.
enum Clock {
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
