import Foundation
import HDF5
import Store
import Testing

/// A writer killed with SIGKILL in the middle of a segment leaves the store as it was: it opens,
/// lists only complete batches, shows no partial file, and the same ingest then completes.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    @Test func sigkillDuringWriteLeavesNoVisibleBatchAndRerunCompletes() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        let csv = dir.appendingPathComponent("plate.csv")
        let marker = dir.appendingPathComponent("writer-paused").path
        let rows = 20_000
        try CLI.writeTidyCSV(csv, rows: rows)
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)

        // A first, complete batch that must survive untouched.
        let first = dir.appendingPathComponent("first.csv")
        try CLI.writeTidyCSV(first, rows: 100, subjectPrefix: "F")
        #expect(try CLI.run(["ingest", store, first.path]).status == 0)

        // Start an ingest that pauses inside the segment write, then kill it.
        let (p, _, _) = try CLI.start(["ingest", store, csv.path], environment: ["IMMUNOPIPE_TEST_PAUSE_WRITER": marker])
        #expect(CLI.waitFor(marker, seconds: 120), "writer never reached the pause point")
        let partials = try FileManager.default.subpathsOfDirectory(atPath: "\(store)/tmp").filter { $0.hasSuffix(".partial") }
        #expect(partials.count == 1, "the killed writer should have a partial segment in tmp/")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)

        // The store opens; only the complete batch is listed; no partial file is visible.
        let status = try CLI.status(store)
        let batches = status["batches"] as? [[String: Any]] ?? []
        #expect(batches.count == 1)
        #expect((batches.first?["rowsAccepted"] as? Int) == 100)
        #expect((status["rowsPerTable"] as? [String: Int])?["measurements"] == 100)
        // `status` only reads: the dead writer's batch and partial segment are listed, then the
        // next command that writes (the re-run below) abandons and removes them.
        #expect((status["deadWriterBatches"] as? Int) == 1)
        #expect(((status["leftovers"] as? [String: Any])?["entries"] as? [Any])?.count == 1)
        let segments = try FileManager.default.subpathsOfDirectory(atPath: "\(store)/segments").filter { $0.hasSuffix(".h5") }
        #expect(segments.count == 1)

        // Re-running the ingest completes with every value correct, and nothing is left in tmp/.
        let rerun = try CLI.run(["ingest", store, csv.path])
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(CLI.temporaryEntries(store).isEmpty, "\(CLI.temporaryEntries(store))")
        #expect((try CLI.status(store)["abandonedBatches"] as? Int) == 1)
        let export = dir.appendingPathComponent("export.h5").path
        #expect(try CLI.run(["export", store, "--out", export]).status == 0)
        let reader = try SegmentReader(path: export)
        let ms = try reader.measurements()
        #expect(ms.count == rows + 100)
        let fromPlate = ms.filter { $0.subject.hasPrefix("S") }
        #expect(fromPlate.count == rows)
        for (i, m) in fromPlate.enumerated() {
            #expect(m.value == CLI.expectedValue(i) && m.sourceLine == i + 2)
            if m.value != CLI.expectedValue(i) { break }
        }
    }
}
