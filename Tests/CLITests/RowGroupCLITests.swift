import Foundation
import HDF5
import Store
import Testing

/// Batches larger than a row group (made small here with `IMMUNOPIPE_ROW_GROUP_ROWS`) through
/// every command that reads or moves segments: ingest, status, export, reprocess, diff, commit,
/// gc, and a writer killed after it has rolled over.
@Suite("Row groups end to end", .serialized)
struct RowGroupCLITests {
    static let small = ["IMMUNOPIPE_ROW_GROUP_ROWS": "700"]

    func segmentFiles(_ store: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: "\(store)/segments").filter { $0.hasSuffix(".h5") }.sorted()
    }

    func rowGroups(_ path: String) throws -> Int64? {
        try HDF5File.open(path).root().numberAttribute("row-groups", as: Int64.self)
    }

    @Test func ingestExportReprocessCommitDiffAndGCSeeEveryRow() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        let csv = dir.appendingPathComponent("long.csv")
        let rows = 2500
        try CLI.writeTidyCSV(csv, rows: rows)
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        let ingest = try CLI.run(["ingest", store, csv.path], environment: Self.small)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let first = try segmentFiles(store)
        #expect(first.count == 1)
        #expect(try rowGroups("\(store)/segments/\(first[0])") == 4) // 700 + 700 + 700 + 400
        #expect((try CLI.status(store)["rowsPerTable"] as? [String: Int])?["measurements"] == rows)

        // Every row, in file order, with its line.
        let e1 = dir.appendingPathComponent("g1.h5").path
        #expect(try CLI.run(["export", store, "--out", e1]).status == 0)
        let exported = try SegmentReader(path: e1).measurements()
        #expect(exported.count == rows)
        #expect(exported.map(\.value) == (0..<rows).map(CLI.expectedValue))
        #expect(exported.map(\.sourceLine) == (0..<rows).map { $0 + 2 })

        // Reprocessed with row groups too, committed (segments moved), diffed, old one collected.
        #expect(try CLI.run(["reprocess", store, "--shard", "1/1", "--generation", "2"], environment: Self.small).status == 0)
        let diff = try CLI.run(["diff", store, "--from", "1", "--to", "2", "--json"])
        let d = try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any]
        let unchanged = (d?["analytes"] as? [[String: Any]] ?? []).map { $0["unchanged"] as? Int ?? 0 }.reduce(0, +)
        #expect(unchanged == rows, "\(diff.stdout)")
        #expect(try CLI.run(["commit", store, "--generation", "2"]).status == 0)
        let moved = try segmentFiles(store).filter { $0.hasPrefix("g2/") }
        #expect(moved.count == 1)
        #expect(try rowGroups("\(store)/segments/\(moved[0])") == 4)
        let e2 = dir.appendingPathComponent("g2.h5").path
        #expect(try CLI.run(["export", store, "--out", e2]).status == 0)
        #expect(try SegmentReader(path: e2).measurements() == exported)
        #expect(try CLI.run(["gc", store, "--keep", "1"]).status == 0)
        #expect(try segmentFiles(store) == moved)
        #expect((try CLI.status(store)["rowsPerTable"] as? [String: Int])?["measurements"] == rows)
    }

    @Test func aWriterKilledAfterRollingOverLeavesNothingHalfRegistered() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        let csv = dir.appendingPathComponent("long.csv")
        let marker = dir.appendingPathComponent("paused").path
        let rows = 30_000
        try CLI.writeTidyCSV(csv, rows: rows)
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        // Paused once rows are in the third row group: two groups finished inside the file.
        var env = Self.small
        env["IMMUNOPIPE_TEST_PAUSE_WRITER"] = marker
        env["IMMUNOPIPE_TEST_PAUSE_WRITER_GROUP"] = "3"
        let (p, _, _) = try CLI.start(["ingest", store, csv.path], environment: env)
        #expect(CLI.waitFor(marker, seconds: 120), "writer never reached the third row group")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()

        let status = try CLI.status(store)
        #expect((status["batches"] as? [[String: Any]] ?? []).isEmpty)
        #expect((status["rowsPerTable"] as? [String: Int])?["measurements"] == 0)
        // `status` only reads: the dead writer's batch and its partial segment are listed, then
        // the next command that writes (the re-run) abandons and removes them.
        #expect((status["deadWriterBatches"] as? Int) == 1)
        let leftovers = (status["leftovers"] as? [String: Any])?["entries"] as? [Any] ?? []
        #expect(leftovers.count == 1, "\(leftovers)")
        #expect(try segmentFiles(store).isEmpty)

        let rerun = try CLI.run(["ingest", store, csv.path], environment: Self.small)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect((try CLI.status(store)["abandonedBatches"] as? Int) == 1)
        #expect(CLI.temporaryEntries(store).isEmpty, "\(CLI.temporaryEntries(store))")
        let export = dir.appendingPathComponent("e.h5").path
        #expect(try CLI.run(["export", store, "--out", export]).status == 0)
        let ms = try SegmentReader(path: export).measurements()
        #expect(ms.count == rows)
        #expect(ms.map(\.value) == (0..<rows).map(CLI.expectedValue))
    }
}
