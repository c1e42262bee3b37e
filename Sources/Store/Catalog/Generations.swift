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
                throw StoreError.conflict("the current generation changed to \(current) while this commit was being checked; nothing was switched")
            }
            guard current != g else { throw StoreError.conflict("generation \(g) is already current") }
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM generations WHERE id = ?", arguments: [g]) else {
                throw StoreError.invalid("generation \(g) does not exist")
            }
            guard status == "committed" else {
                throw StoreError.conflict("generation \(g) is \(status) and cannot be made current")
            }
            let writing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM batches WHERE generation = ? AND status = 'writing'", arguments: [g]) ?? 0
            guard writing == 0 else { throw StoreError.conflict("generation \(g) still has \(writing) batch(es) being written") }
            try db.execute(sql: "UPDATE generations SET status = 'committed', committed_at = COALESCE(committed_at, ?) WHERE id = ?",
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
    /// Registers generation `g` with its staged batches and makes it current, in one IMMEDIATE
    /// transaction conditioned on the current generation being `expectingCurrent` (so of two
    /// commits at once, one wins). Returns the previous generation.
    func importGeneration(_ g: Int64, batches: [StagedBatch], expectingCurrent: Int64, note: String, details: String) throws -> Int64 {
        try transaction { db in
            let current = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'current_generation'") ?? 0
            guard current == expectingCurrent else {
                throw StoreError.conflict("the current generation changed to \(current) while this commit was being checked; nothing was switched")
            }
            if let status = try String.fetchOne(db, sql: "SELECT status FROM generations WHERE id = ?", arguments: [g]) {
                throw StoreError.conflict("generation \(g) is already \(status)")
            }
            try db.execute(sql: "INSERT INTO generations(id, status, created_at, committed_at, note) VALUES (?, 'committed', ?, ?, ?)",
                           arguments: [g, Clock.now(), Clock.now(), note])
            for s in batches {
                let b = s.batch
                try db.execute(sql: """
                    INSERT INTO batches(generation, status, segment, created_at, committed_at, os_user, host, pid, command, panel,
                                        shard, rows_accepted, rows_rejected, warnings, segment_bytes, processing)
                    VALUES (?, 'committed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [g, s.segment, b.createdAt, b.committedAt, b.user, b.host, b.pid, b.command, b.panel,
                                     s.shard, b.rowsAccepted, b.rowsRejected, b.warnings, b.segmentBytes, b.processing])
                let id = db.lastInsertedRowID
                for src in s.sources {
                    try db.execute(sql: """
                        INSERT INTO sources(batch, generation, sha256, name, size, format, parser_version, rows_accepted,
                                            rows_rejected, warnings, rejected_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [id, g, src.sha256, src.name, src.size, src.format, src.parserVersion,
                                         src.rowsAccepted, src.rowsRejected, src.warnings, src.rejectedReason])
                }
            }
            try Self.setMeta(db, "current_generation", String(g))
            try Self.audit(db, "commit", details)
            return current
        }
    }
}
