import Foundation
import GRDB

/// Generations: reprocessing writes a new generation beside the current one; `commit` switches
/// readers to it in one transaction; the previous one stays readable (and can be switched back
/// to) until `gc` retires it.
extension Catalog {
    func generationStatus(_ g: Int64) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT status FROM generations WHERE id = ?", arguments: [g]) }
    }

    /// Creates generation `g` for building, or confirms it is already being built.
    public func startGeneration(_ g: Int64, note: String) throws {
        try transaction { db in
            if let status = try String.fetchOne(db, sql: "SELECT status FROM generations WHERE id = ?", arguments: [g]) {
                guard status == "building" else {
                    throw StoreError.conflict("generation \(g) is already \(status); reprocess into a new generation")
                }
                return
            }
            let current = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'current_generation'") ?? 0
            guard g > current else {
                throw StoreError.conflict("generation \(g) must be newer than the current generation \(current)")
            }
            try db.execute(sql: "INSERT INTO generations(id, status, created_at, note) VALUES (?, 'building', ?, ?)",
                           arguments: [g, Clock.now(), note])
            try Self.audit(db, "generation", "started building generation \(g): \(note)")
        }
    }

    /// Makes `g` current in one transaction, if `current` is still what the caller verified
    /// against (so two commits at once cannot both win). Returns the previous generation.
    func switchGeneration(to g: Int64, expectingCurrent: Int64, allowedStatuses: Set<String>, details: String) throws -> Int64 {
        try transaction { db in
            let current = try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'current_generation'") ?? 0
            guard current == expectingCurrent else {
                throw StoreError.conflict("the current generation changed to \(current) while this commit was being checked; nothing was switched")
            }
            guard current != g else { throw StoreError.conflict("generation \(g) is already current") }
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM generations WHERE id = ?", arguments: [g]) else {
                throw StoreError.invalid("generation \(g) does not exist")
            }
            guard allowedStatuses.contains(status) else {
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
