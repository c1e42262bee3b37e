import Foundation
import Store
import Testing

/// Two processes ingesting into one store at once: both batches land, nothing is lost; the same
/// bytes offered by both are stored exactly once.
@Suite("Concurrent writers", .serialized)
struct ConcurrentWritersTests {
    @Test func twoProcessesIngestingAtOnceBothLand() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        let a = dir.appendingPathComponent("a.csv"), b = dir.appendingPathComponent("b.csv")
        try CLI.writeTidyCSV(a, rows: 60_000, subjectPrefix: "A")
        try CLI.writeTidyCSV(b, rows: 60_000, subjectPrefix: "B")

        let (pa, oa, _) = try CLI.start(["ingest", store, a.path])
        let (pb, ob, _) = try CLI.start(["ingest", store, b.path])
        let outA = String(decoding: oa.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let outB = String(decoding: ob.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        pa.waitUntilExit()
        pb.waitUntilExit()
        #expect(pa.terminationStatus == 0, "\(outA)")
        #expect(pb.terminationStatus == 0, "\(outB)")

        let status = try CLI.status(store)
        let batches = status["batches"] as? [[String: Any]] ?? []
        #expect(batches.count == 2)
        #expect((status["rowsPerTable"] as? [String: Int])?["measurements"] == 120_000)
        let export = dir.appendingPathComponent("e.h5").path
        #expect(try CLI.run(["export", store, "--out", export]).status == 0)
        let ms = try SegmentReader(path: export).measurements()
        #expect(ms.filter { $0.subject.hasPrefix("A") }.count == 60_000)
        #expect(ms.filter { $0.subject.hasPrefix("B") }.count == 60_000)
    }

    @Test func theSameFileOfferedByTwoProcessesIsStoredOnce() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        let a = dir.appendingPathComponent("a.csv")
        try CLI.writeTidyCSV(a, rows: 60_000)
        let (p1, o1, _) = try CLI.start(["ingest", store, a.path])
        let (p2, o2, _) = try CLI.start(["ingest", store, a.path])
        let out =
            String(decoding: o1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            + String(decoding: o2.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p1.waitUntilExit()
        p2.waitUntilExit()
        // The loser either finds the file stored (0) or held by the winner: then it says by whom
        // and exits 1, since it did not store it (the help's "0 means all stored").
        let statuses = [p1.terminationStatus, p2.terminationStatus].sorted()
        #expect(statuses == [0, 0] || statuses == [0, 1], "\(statuses)")
        #expect(out.contains("already ingested as batch") || out.contains("being ingested right now"), "\(out)")
        if statuses == [0, 1] { #expect(out.contains("held"), "\(out)") }
        #expect((try CLI.status(store)["rowsPerTable"] as? [String: Int])?["measurements"] == 60_000)
    }
}
