import Foundation
import Store
import Testing

/// Reprocessing into a new generation, committing it atomically, switching back, and the
/// refusals a data manager relies on.
@Suite("Generations", .serialized)
struct GenerationTests {
    /// A store with two tidy files and one file no reader recognises (rejected whole).
    func makeStore() throws -> (dir: URL, store: String) {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        try CLI.writeTidyCSV(dir.appendingPathComponent("a.csv"), rows: 500, subjectPrefix: "A")
        try CLI.writeTidyCSV(dir.appendingPathComponent("b.csv"), rows: 300, subjectPrefix: "B")
        try CLI.writeTidyCSV(dir.appendingPathComponent("c.csv"), rows: 200, subjectPrefix: "C")
        #expect(
            try CLI.run([
                "ingest", store, dir.appendingPathComponent("a.csv").path, dir.appendingPathComponent("b.csv").path,
                dir.appendingPathComponent("c.csv").path,
            ]).status == 0)
        return (dir, store)
    }

    func current(_ store: String) throws -> Int { try CLI.status(store)["currentGeneration"] as? Int ?? -1 }

    @Test func reprocessCommitDiffSwitchBackAndGC() throws {
        let (_, store) = try makeStore()
        #expect(try CLI.run(["reprocess", store, "--shard", "1/2", "--generation", "2"]).status == 0)
        let staged = try CLI.status(store)["stagedGenerations"] as? [[String: Any]] ?? []
        #expect(staged.count == 1 && staged.first?["shardsFinished"] as? Int == 1 && staged.first?["shards"] as? Int == 2)
        let early = try CLI.run(["commit", store, "--generation", "2"])
        #expect(early.status == 2 && early.stderr.contains("missing shard(s) 2/2"), "\(early.stderr)")
        #expect(try current(store) == 1)
        // A re-run of a finished shard changes nothing.
        #expect(try CLI.run(["reprocess", store, "--shard", "1/2", "--generation", "2"]).status == 0)
        #expect(try CLI.run(["reprocess", store, "--shard", "2/2", "--generation", "2"]).status == 0)

        let diff = try CLI.run(["diff", store, "--from", "1", "--to", "2", "--json"])
        let d = try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any]
        let rows = (d?["analytes"] as? [[String: Any]] ?? []).map { ($0["unchanged"] as? Int ?? 0, $0["changed"] as? Int ?? 0) }
        #expect(rows.map(\.0).reduce(0, +) == 1000 && rows.map(\.1).reduce(0, +) == 0)

        #expect(try CLI.run(["commit", store, "--generation", "2"]).status == 0)
        #expect(try current(store) == 2)
        #expect((try CLI.status(store)["rowsPerTable"] as? [String: Int])?["measurements"] == 1000)
        #expect(try CLI.run(["commit", store, "--generation", "2"]).stdout.contains("already current"))
        // Reversible: back to 1, forward to 2.
        #expect(try CLI.run(["commit", store, "--generation", "1"]).status == 0)
        #expect(try current(store) == 1)
        #expect(try CLI.run(["commit", store, "--generation", "2"]).status == 0)
        #expect(try CLI.run(["gc", store, "--keep", "1"]).stdout.contains("retired generation(s) 1"))
        #expect(!FileManager.default.fileExists(atPath: "\(store)/segments/g1"))
        #expect(try CLI.run(["commit", store, "--generation", "1"]).status == 2) // retired: no way back
    }

    @Test func twoCommitsAtOnceOneWinsTheOtherRefuses() throws {
        let (_, store) = try makeStore()
        for g in ["2", "3"] {
            #expect(try CLI.run(["reprocess", store, "--shard", "1/1", "--generation", g]).status == 0)
        }
        let (p2, _, e2) = try CLI.start(["commit", store, "--generation", "2"])
        let (p3, _, e3) = try CLI.start(["commit", store, "--generation", "3"])
        let err =
            String(decoding: e2.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            + String(decoding: e3.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p2.waitUntilExit()
        p3.waitUntilExit()
        let statuses = [p2.terminationStatus, p3.terminationStatus].sorted()
        #expect(statuses == [0, 2], "\(err)")
        #expect(err.contains("current now") || err.contains("changed to"), "\(err)")
        #expect([2, 3].contains(try current(store)))
    }

    @Test func aFileThatNoLongerParsesBlocksTheCommitUnlessAllowed() throws {
        let (dir, store) = try makeStore()
        let bad = dir.appendingPathComponent("notes.txt")
        try "this is no export\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["ingest", store, bad.path]).status == 1) // rejected whole, recorded
        #expect(try CLI.run(["reprocess", store, "--shard", "1/1", "--generation", "2"]).status == 0)
        let refused = try CLI.run(["commit", store, "--generation", "2"])
        #expect(refused.status == 2 && refused.stderr.contains("notes.txt"), "\(refused.stderr)")
        let allowed = try CLI.run(["commit", store, "--generation", "2", "--allow-rejects"])
        #expect(allowed.status == 0 && allowed.stdout.contains("committed with rejected file: notes.txt"))
    }

    @Test func aKilledShardLeavesNothingVisibleAndItsRerunGivesTheSameResult() throws {
        let (dir, store) = try makeStore()
        let marker = dir.appendingPathComponent("paused").path
        let (p, _, _) = try CLI.start(
            ["reprocess", store, "--shard", "1/1", "--generation", "2"],
            environment: ["IMMUNOPIPE_TEST_PAUSE_WRITER": marker])
        #expect(CLI.waitFor(marker, seconds: 120))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: "\(store)/generations/2/shards/1-of-1.json"))
        #expect(try CLI.run(["commit", store, "--generation", "2"]).status == 2)
        #expect(try CLI.run(["reprocess", store, "--shard", "1/1", "--generation", "2"]).status == 0)
        #expect(try CLI.run(["commit", store, "--generation", "2"]).status == 0)
        let e1 = dir.appendingPathComponent("g1.h5").path, e2 = dir.appendingPathComponent("g2.h5").path
        #expect(try CLI.run(["export", store, "--out", e1, "--generation", "1"]).status == 0)
        #expect(try CLI.run(["export", store, "--out", e2, "--generation", "2"]).status == 0)
        // Same values and provenance (generation 1 stored the files in path order, reprocessing
        // in SHA-256 order, so compare as sets).
        let a = try SegmentReader(path: e1).measurements(), b = try SegmentReader(path: e2).measurements()
        let same = a.count == b.count && Set(a) == Set(b)
        #expect(same, "generation 2 differs from generation 1")
    }
}
