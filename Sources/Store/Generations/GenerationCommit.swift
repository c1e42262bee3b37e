import Foundation

/// `immunopipe commit`: verifies a reprocessed generation and makes it current atomically, or
/// switches back to an earlier committed generation.
public struct GenerationCommit {
    public let store: StudyStore
    public init(store: StudyStore) { self.store = store }

    public struct Outcome: Sendable, Codable {
        public var generation: Int64
        public var previous: Int64
        public var shards: Int
        public var files: Int
        public var rowsAccepted: Int64
        public var rejectedFiles: [String]
        public var switchedBack: Bool
        public var alreadyCurrent = false
        /// Batches ingested into the previous generation after its shards ran, carried over as
        /// they were ingested.
        public var carriedBatches: [Int64] = []
    }

    public func commit(generation g: Int64, allowRejects: Bool = false) throws -> Outcome {
        let current = try store.catalog.currentGeneration()
        let status = try store.catalog.generationStatus(g)
        if g == current {
            // Re-running a commit that already happened (a workflow retry) changes nothing.
            return Outcome(
                generation: g, previous: g, shards: 0, files: 0, rowsAccepted: 0, rejectedFiles: [], switchedBack: false,
                alreadyCurrent: true)
        }
        if status == "committed" {
            // Switching back (or forward) to a generation already verified once.
            let previous = try store.catalog.switchGeneration(
                to: g, expectingCurrent: current, details: "switched from generation \(current) back to \(g)")
            return Outcome(generation: g, previous: previous, shards: 0, files: 0, rowsAccepted: 0, rejectedFiles: [], switchedBack: true)
        }
        if let status { throw StoreError.conflict("generation \(g) is \(status) and cannot be committed") }

        let manifests = try ShardManifest.all(store: store, generation: g)
        guard let n = manifests.first?.shards else {
            throw StoreError.conflict(
                "generation \(g) has no finished shards: run `immunopipe reprocess --shard I/N --generation \(g)` first")
        }
        if let odd = manifests.first(where: { $0.shards != n }) {
            throw StoreError.conflict(
                "shard manifests disagree on the shard count (\(n) and \(odd.shards)); reprocess generation \(g) with one N")
        }
        let missing = Set(1...n).subtracting(manifests.map(\.shard)).sorted()
        guard missing.isEmpty else {
            throw StoreError.conflict(
                "generation \(g) is missing shard(s) \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")): they have not finished")
        }
        if let stale = manifests.first(where: { $0.baseGeneration != current }) {
            throw StoreError.conflict(
                "shard \(stale.shard)/\(n) re-derived generation \(stale.baseGeneration) but generation \(current) is current now; reprocess again"
            )
        }
        // Every source of the current generation accounted for, exactly once; sources the shards
        // did not see are accepted only as whole batches ingested after them (carried over, and
        // checked again inside the switching transaction).
        var seen: [String: Int] = [:]
        for m in manifests { for f in m.files { seen[f.sha256, default: 0] += 1 } }
        if let twice = seen.first(where: { $0.value > 1 }) {
            throw StoreError.conflict("raw file \(twice.key) was processed by \(twice.value) shards")
        }
        let rejected = manifests.flatMap(\.files).filter { $0.outcome == "rejected" }
        if !rejected.isEmpty && !allowRejects {
            let list = rejected.map { "\($0.name): \($0.rejectedReason)" }.joined(separator: "; ")
            throw StoreError.conflict("\(rejected.count) file(s) no longer parse: \(list). Fix the reader or commit with --allow-rejects")
        }
        let rows = manifests.map(\.rowsAccepted).reduce(0, +)
        let staged = try stageIntoStore(generation: g, manifests: manifests)
        FaultPoint.reached("commit.before-switch")
        let fm = FileManager.default
        let imported = try store.catalog.importGeneration(
            g, batches: staged, covered: Set(seen.keys), expectingCurrent: current,
            note: "reprocessing of generation \(current) in \(n) shards",
            details: "generation \(g) committed: \(n) shards, \(seen.count) files, \(rows) rows"
                + (rejected.isEmpty ? "" : ", \(rejected.count) rejected file(s) allowed"),
            carry: { b in
                // A hard link: the segment stays immutable and in place for the old generation,
                // and `gc` retiring that generation leaves this name.
                guard let from = store.segmentPath(b) else { throw StoreError.corrupt("batch \(b.id) has no segment") }
                let relative = "segments/g\(g)/carried-batch-\(String(format: "%06lld", b.id)).h5"
                let to = "\(store.root)/\(relative)"
                if !fm.fileExists(atPath: to) {
                    guard link(from, to) == 0 else { throw StoreError.io("link \(from) → \(to)", errno) }
                    try FileSync.fsyncDirectory("\(store.root)/segments/g\(g)")
                }
                return relative
            })
        var outcome = Outcome(
            generation: g, previous: imported.previous, shards: n, files: seen.count, rowsAccepted: rows,
            rejectedFiles: rejected.map(\.name), switchedBack: false)
        outcome.carriedBatches = imported.carried
        return outcome
    }

    /// Moves each shard's staged segments to `segments/gG/shard-I-of-N-batch-K.h5` (rename,
    /// idempotent: a commit run again after a crash finds them moved) and lists the batches to
    /// register, shard by shard in order.
    func stageIntoStore(generation g: Int64, manifests: [ShardManifest]) throws -> [StagedBatch] {
        var out: [StagedBatch] = []
        let fm = FileManager.default
        let dir = "\(store.root)/segments/g\(g)"
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for m in manifests.sorted(by: { $0.shard < $1.shard }) {
            let staging = try store.openStaging(generation: g, shard: m.shard, shards: m.shards)
            for b in try staging.catalog.batches(generation: 1) {
                let name = "shard-\(m.shard)-of-\(m.shards)-batch-\(String(format: "%06lld", b.id)).h5"
                let relative = "segments/g\(g)/\(name)"
                if let from = staging.segmentPath(b), fm.fileExists(atPath: from), !fm.fileExists(atPath: "\(store.root)/\(relative)") {
                    try FileSync.publish(from, as: "\(store.root)/\(relative)")
                    FaultPoint.reached("commit.moved")
                }
                guard fm.fileExists(atPath: "\(store.root)/\(relative)") else {
                    throw StoreError.corrupt("segment of shard \(m.shard)/\(m.shards) batch \(b.id) is missing")
                }
                out.append(
                    StagedBatch(
                        batch: b, segment: relative, shard: "\(m.shard)/\(m.shards)",
                        sources: try staging.catalog.sources(batch: b.id)))
            }
        }
        return out
    }

    /// `immunopipe gc --keep K`: keeps the current generation and the K−1 most recent other
    /// committed ones; retires the rest and deletes their segments. Raw files are never deleted.
    public func collectGarbage(keep: Int) throws -> [Int64] {
        guard keep >= 1 else { throw StoreError.invalid("--keep must be at least 1 (the current generation)") }
        let current = try store.catalog.currentGeneration()
        let committed = try store.catalog.generations().filter { $0.status == "committed" && $0.id != current }.map(\.id).sorted(by: >)
        let retire = Array(committed.dropFirst(keep - 1))
        try store.catalog.retire(retire)
        for g in retire {
            try? FileManager.default.removeItem(atPath: "\(store.root)/segments/g\(g)")
            try? FileManager.default.removeItem(atPath: "\(store.root)/generations/\(g)")
        }
        return retire
    }
}
