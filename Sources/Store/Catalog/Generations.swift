import Foundation
import GRDB

/// Generations: reprocessing stages a new generation beside the current one (in the shards'
/// staging stores); `commit` registers it and switches readers to it in one transaction; the
/// previous one stays readable (and can be switched back to) until `gc` retires it.
extension Catalog {
    func generationStatus(_ g: Int64) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT status FROM generations WHERE id = ?", arguments: [g]) }
    }

    /// Makes `g` current in one transaction, if `current` is still what the caller verified
    /// against (so two commits at once cannot both win). Returns the previous generation.
    /// Switches back (or forward) to a generation committed before, in one transaction
    /// conditioned on the current generation being `expectingCurrent`.
    func switchGeneration(to g: Int64, expectingCurrent: Int64, details: String) throws -> Int64 {
        try transaction { db in
            let current = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'current_generation'") ?? 0
            guard current == expectingCurrent else {
                throw StoreError.conflict(
                    "the current generation changed to \(current) while this commit was being checked; nothing was switched")
            }
            guard current != g else { throw StoreError.conflict("generation \(g) is already current") }
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM generations WHERE id = ?", arguments: [g]) else {
                throw StoreError.invalid("generation \(g) does not exist")
            }
            guard status == "committed" else {
                throw StoreError.conflict("generation \(g) is \(status) and cannot be made current")
            }
            let writing =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM batches WHERE generation = ? AND status = 'writing'", arguments: [g]) ?? 0
            guard writing == 0 else { throw StoreError.conflict("generation \(g) still has \(writing) batch(es) being written") }
            try db.execute(
                sql: "UPDATE generations SET status = 'committed', committed_at = COALESCE(committed_at, ?) WHERE id = ?",
                arguments: [Clock.now(), g])
            try Self.setMeta(db, "current_generation", String(g))
            try Self.audit(db, "commit", details)
            return current
        }
    }

    /// Marks generations retired (their segments are then deleted by the caller).
    func retire(_ generations: [Int64]) throws {
        try transaction { db in
            for g in generations {
                try db.execute(sql: "UPDATE generations SET status = 'retired' WHERE id = ?", arguments: [g])
                try Self.audit(db, "gc", "retired generation \(g)")
            }
        }
    }
}

/// A batch a reprocessing shard committed in its staging store, to be registered in the main
/// catalog under generation G with its segment's final path.
struct StagedBatch {
    var batch: BatchInfo
    var segment: String
    var shard: String
    var sources: [SourceInfo]
}

extension Catalog {
    /// Records `sources` under `batch` of generation `g`: the files of a staged batch and of a
    /// carried one are written alike.
    private static func insertSources(_ sources: [SourceInfo], batch: Int64, generation g: Int64, _ db: Database) throws {
        for src in sources {
            try db.execute(
                sql: """
                    INSERT INTO sources(batch, generation, sha256, name, size, format, parser_version, rows_accepted,
                                        rows_rejected, warnings, rejected_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    batch, g, src.sha256, src.name, src.size, src.format, src.parserVersion,
                    src.rowsAccepted, src.rowsRejected, src.warnings, src.rejectedReason,
                ])
        }
    }

    /// Registers generation `g` with its staged batches and makes it current, in one IMMEDIATE
    /// transaction conditioned on the current generation being `expectingCurrent` (so of two
    /// commits at once, one wins). Returns the previous generation and the batches carried over.
    ///
    /// Batches committed into the current generation after the shards read it (an ingest that
    /// ran during reprocessing or during this commit) hold files no shard saw. They are found
    /// inside the transaction, so none can slip in between, and carried into `g` as they were
    /// ingested: `carry` links the batch's segment into `g` and returns its relative path.
    /// Batches still being written are not carried: their commit finds the generation switched
    /// and their ingest redoes them in `g`.
    func importGeneration(
        _ g: Int64, batches: [StagedBatch], covered: Set<String>, expectingCurrent: Int64, note: String,
        details: String, carry: (BatchInfo) throws -> String
    ) throws -> (previous: Int64, carried: [Int64]) {
        try transaction { db in
            let current = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'current_generation'") ?? 0
            guard current == expectingCurrent else {
                throw StoreError.conflict(
                    "the current generation changed to \(current) while this commit was being checked; nothing was switched")
            }
            if let status = try String.fetchOne(db, sql: "SELECT status FROM generations WHERE id = ?", arguments: [g]) {
                throw StoreError.conflict("generation \(g) is already \(status)")
            }
            try db.execute(
                sql: "INSERT INTO generations(id, status, created_at, committed_at, note) VALUES (?, 'committed', ?, ?, ?)",
                arguments: [g, Clock.now(), Clock.now(), note])
            for s in batches {
                let b = s.batch
                try db.execute(
                    sql: """
                        INSERT INTO batches(generation, status, segment, created_at, committed_at, os_user, host, pid, command, panel,
                                            shard, rows_accepted, rows_rejected, warnings, segment_bytes, processing)
                        VALUES (?, 'committed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        g, s.segment, b.createdAt, b.committedAt, b.user, b.host, b.pid, b.command, b.panel,
                        s.shard, b.rowsAccepted, b.rowsRejected, b.warnings, b.segmentBytes, b.processing,
                    ])
                let id = db.lastInsertedRowID
                try Self.insertSources(s.sources, batch: id, generation: g, db)
            }
            var carried: [Int64] = []
            let committed = try Row.fetchAll(
                db, sql: "SELECT * FROM batches WHERE generation = ? AND status = 'committed' ORDER BY id",
                arguments: [current]
            ).map(BatchInfo.init(row:))
            for b in committed {
                let sources = try Row.fetchAll(db, sql: "SELECT * FROM sources WHERE batch = ? ORDER BY id", arguments: [b.id])
                    .map(SourceInfo.init(row:))
                let new = sources.filter { !covered.contains($0.sha256) }
                if new.isEmpty { continue }
                guard new.count == sources.count else {
                    throw StoreError.conflict(
                        "batch \(b.id) has files in no shard manifest (\(new.prefix(3).map(\.name).joined(separator: ", "))) beside files the shards re-derived; reprocess generation \(g) again"
                    )
                }
                let segment = try carry(b)
                try db.execute(
                    sql: """
                        INSERT INTO batches(generation, status, segment, created_at, committed_at, os_user, host, pid, command, panel,
                                            shard, rows_accepted, rows_rejected, warnings, segment_bytes, processing, owner)
                        VALUES (?, 'committed', ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        g, segment, b.createdAt, b.committedAt, b.user, b.host, b.pid, b.command, b.panel,
                        b.rowsAccepted, b.rowsRejected, b.warnings, b.segmentBytes, b.processing, b.owner,
                    ])
                let id = db.lastInsertedRowID
                try Self.insertSources(sources, batch: id, generation: g, db)
                carried.append(b.id)
            }
            try Self.setMeta(db, "current_generation", String(g))
            try Self.audit(
                db, "commit",
                details
                    + (carried.isEmpty
                        ? "" : "; carried over batch(es) \(carried.map(String.init).joined(separator: ", ")) ingested meanwhile"))
            return (current, carried)
        }
    }
}
