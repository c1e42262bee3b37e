import Foundation
import Testing

/// `ingest --watch`: a file dropped into the folder is stored once; SIGTERM stops the watcher
/// between batches with exit status 0.
@Suite("Watch folder", .serialized)
struct WatchFolderTests {
    @Test func droppedFilesAreIngestedOnceAndSIGTERMStopsCleanly() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        let drop = dir.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        let (p, _, _) = try CLI.start(["ingest", store, "--watch", drop.path, "--interval", "0.2"])
        defer { if p.isRunning { p.terminate() } }

        try CLI.writeTidyCSV(drop.appendingPathComponent("first.csv"), rows: 30)
        try CLI.writeTidyCSV(drop.appendingPathComponent("second.csv.part"), rows: 10)
        let deadline = Date().addingTimeInterval(60)
        var stored = 0
        while Date() < deadline {
            stored = (try CLI.status(store)["rowsPerTable"] as? [String: Int])?["measurements"] ?? 0
            if stored >= 30 { break }
            usleep(200_000)
        }
        #expect(stored == 30, "the dropped file was not ingested")
        usleep(800_000) // several more scans: nothing is taken twice, the .part file never
        #expect((try CLI.status(store)["batches"] as? [Any])?.count == 1)

        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
    }
}
