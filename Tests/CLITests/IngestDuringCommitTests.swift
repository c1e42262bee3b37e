import Foundation
import Store
import Testing

/// An ingest racing `commit --generation N` (issue 10, item 1): whatever the interleaving, a
/// batch reported as stored is in the generation that ends up current. The two interleavings
/// that lost it are forced with pause points: the ingest commits its batch while `commit` is
/// between its checks and its switch, or `commit` switches while the ingest is between writing
/// its segment and committing it.
@Suite("Ingest racing commit", .serialized)
struct IngestDuringCommitTests {
    /// A store of 1,000 rows (A, B, C) reprocessed into a generation 2 that is not committed yet.
    func reprocessedStore() throws -> (dir: URL, store: String) {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        var files: [String] = []
        for (prefix, rows) in [("A", 500), ("B", 300), ("C", 200)] {
            let f = dir.appendingPathComponent("\(prefix).csv")
            try CLI.writeTidyCSV(f, rows: rows, subjectPrefix: prefix)
            files.append(f.path)
        }
        #expect(try CLI.run(["ingest", store] + files).status == 0)
        #expect(try CLI.run(["reprocess", store, "--shard", "1/1", "--generation", "2"]).status == 0)
        return (dir, store)
    }

    func expected(plusD d: Int) -> [String] {
        (CLI.sourceValues(rows: 500, subjectPrefix: "A") + CLI.sourceValues(rows: 300, subjectPrefix: "B")
            + CLI.sourceValues(rows: 200, subjectPrefix: "C") + CLI.sourceValues(rows: d, subjectPrefix: "D")).sorted()
    }

    @Test func aBatchStoredWhileCommitIsSwitchingIsCarriedIntoTheNewGeneration() throws {
        let (dir, store) = try reprocessedStore()
        let d = dir.appendingPathComponent("D.csv")
        try CLI.writeTidyCSV(d, rows: 120, subjectPrefix: "D")
        let marker = dir.appendingPathComponent("commit-paused").path
        let commit = try CLI.startPaused(["commit", store, "--generation", "2"], at: "commit.before-switch", marker: marker)
        let ingest = try CLI.run(["ingest", store, d.path])
        #expect(ingest.status == 0, "\(ingest.stdout)\(ingest.stderr)")
        #expect(ingest.stdout.contains("(generation 1): 120 rows stored"), "\(ingest.stdout)")
        CLI.resume(marker)
        let committed = CLI.finish(commit)
        #expect(committed.status == 0, "\(committed.stderr)")
        #expect(committed.stdout.contains("carried over batch(es)"), "\(committed.stdout)")
        #expect((try CLI.status(store)["currentGeneration"] as? Int) == 2)
        #expect(try CLI.exportedValues(store) == expected(plusD: 120))
        // The carried segment is a link of its own: retiring generation 1 keeps it.
        #expect(try CLI.run(["gc", store, "--keep", "1"]).status == 0)
        #expect(try CLI.exportedValues(store) == expected(plusD: 120))
    }

    @Test func aBatchStillBeingWrittenWhenCommitSwitchesIsRedoneInTheNewGeneration() throws {
        let (dir, store) = try reprocessedStore()
        let d = dir.appendingPathComponent("D.csv")
        try CLI.writeTidyCSV(d, rows: 120, subjectPrefix: "D")
        let marker = dir.appendingPathComponent("ingest-paused").path
        let ingest = try CLI.startPaused(["ingest", store, d.path], at: "ingest.before-commit", marker: marker)
        let commit = try CLI.run(["commit", store, "--generation", "2"])
        #expect(commit.status == 0, "\(commit.stderr)")
        CLI.resume(marker)
        let stored = CLI.finish(ingest)
        #expect(stored.status == 0, "\(stored.stdout)\(stored.stderr)")
        #expect(stored.stdout.contains("(generation 2): 120 rows stored"), "\(stored.stdout)")
        #expect(try CLI.exportedValues(store) == expected(plusD: 120))
    }

    /// The issue's own recipe, unpaused: commit, and an ingest started a few milliseconds later.
    @Test func commitAndAnIngestStartedJustAfterNeverLoseTheBatch() throws {
        for attempt in 0..<3 {
            let (dir, store) = try reprocessedStore()
            let d = dir.appendingPathComponent("D.csv")
            try CLI.writeTidyCSV(d, rows: 120, subjectPrefix: "D")
            let commit = try CLI.start(["commit", store, "--generation", "2"])
            usleep(UInt32(10_000 * attempt))
            let ingest = try CLI.run(["ingest", store, d.path])
            #expect(CLI.finish(commit).status == 0)
            #expect(ingest.status == 0, "\(ingest.stdout)\(ingest.stderr)")
            #expect(try CLI.exportedValues(store) == expected(plusD: 120), "attempt \(attempt)")
        }
    }
}
