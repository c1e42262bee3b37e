import Foundation
import Store
import Testing

/// Claims and temporary files owned through a lock that dies with its writer (issue 10,
/// items 4, 9, 10, 12, 13).
@Suite("Writer locks", .serialized)
struct WriterLockTests {
    func newStore() throws -> (dir: URL, store: String, file: URL) {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        let file = dir.appendingPathComponent("a.csv")
        try CLI.writeTidyCSV(file, rows: 1_000, subjectPrefix: "A")
        return (dir, store, file)
    }

    @Test func aFileHeldByALiveIngestIsNamedWithItsProcessAndExitsNonZero() throws {
        let (dir, store, file) = try newStore()
        let marker = dir.appendingPathComponent("holder").path
        let holder = try CLI.startPaused(["ingest", store, file.path], at: "ingest.claimed", marker: marker)
        let second = try CLI.run(["ingest", store, file.path])
        #expect(second.status == 1, "\(second.stdout)")
        #expect(second.stdout.contains("held") && second.stdout.contains("process \(holder.0.processIdentifier)"), "\(second.stdout)")
        kill(holder.0.processIdentifier, SIGKILL)
        _ = CLI.finish(holder)
        let third = try CLI.run(["ingest", store, file.path])
        #expect(third.status == 0, "\(third.stdout)")
        #expect(try CLI.exportedValues(store) == CLI.sourceValues(rows: 1_000, subjectPrefix: "A").sorted())
    }

    /// The dead writer's pid now belongs to a live process, or its host is another machine (a
    /// container, a node sharing the store): a pid check kept the claim forever.
    @Test func aDeadWritersClaimIsTakenOverWhateverItsPidAndHost() throws {
        let (dir, store, file) = try newStore()
        let marker = dir.appendingPathComponent("holder").path
        let holder = try CLI.startPaused(["ingest", store, file.path], at: "ingest.claimed", marker: marker)
        kill(holder.0.processIdentifier, SIGKILL)
        _ = CLI.finish(holder)
        guard try CLI.sql(store, "UPDATE batches SET pid = \(getpid()), host = 'node-7' WHERE status = 'writing'") != nil else {
            print("skipped: python3 is needed to forge the claim")
            return
        }
        let r = try CLI.run(["ingest", store, file.path])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("1000 rows stored"), "\(r.stdout)")
    }

    @Test func watchRetriesAFileHeldByAnIngestThatThenDies() throws {
        let (dir, store, _) = try newStore()
        let drop = dir.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        let file = drop.appendingPathComponent("w.csv")
        try CLI.writeTidyCSV(file, rows: 500, subjectPrefix: "W")
        let marker = dir.appendingPathComponent("holder").path
        let holder = try CLI.startPaused(["ingest", store, file.path], at: "ingest.claimed", marker: marker)
        let watch = try CLI.start(["ingest", store, "--watch", drop.path, "--interval", "0.3"])
        // Let the watcher find the file held, then kill the holder.
        usleep(2_500_000)
        kill(holder.0.processIdentifier, SIGKILL)
        _ = CLI.finish(holder)
        var stored = 0
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            stored = (try CLI.status(store)["rowsPerTable"] as? [String: Int])?["measurements"] ?? 0
            if stored == 500 { break }
            usleep(300_000)
        }
        kill(watch.0.processIdentifier, SIGTERM)
        let out = CLI.finish(watch)
        #expect(stored == 500, "\(out.stdout)")
        #expect(out.stdout.contains("held"), "\(out.stdout)")
    }

    @Test func namesThatAreNotUTF8AreReportedByIngestValidateAndWatch() throws {
        let (dir, store, _) = try newStore()
        let folder = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try CLI.writeTidyCSV(folder.appendingPathComponent("good.csv"), rows: 50, subjectPrefix: "G")
        // "café.csv" in Latin-1: 0xE9 is not UTF-8.
        let bytes = Array(folder.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".csv".utf8) + [0]
        let fd = bytes.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { open($0, O_WRONLY | O_CREAT, 0o644) }
        }
        #expect(fd >= 0)
        _ = "subject,visit,date,assay,analyte,statistic,value,unit\n".withCString { write(fd, $0, strlen($0)) }
        close(fd)

        let ingest = try CLI.run(["ingest", store, folder.path])
        #expect(ingest.status == 1, "\(ingest.stdout)")
        #expect(ingest.stdout.contains("caf\\xE9.csv") && ingest.stdout.contains("invalid-file-name"), "\(ingest.stdout)")
        #expect(ingest.stdout.contains("50 rows stored"))
        let validate = try CLI.run(["validate", folder.path])
        #expect(validate.status == 1 && validate.stdout.contains("caf\\xE9.csv"), "\(validate.stdout)")
        let watch = try CLI.start(["ingest", store, "--watch", folder.path, "--interval", "0.2"])
        usleep(1_500_000)
        kill(watch.0.processIdentifier, SIGTERM)
        let watched = CLI.finish(watch)
        #expect(watched.stdout.components(separatedBy: "caf\\xE9.csv").count == 2, "reported once: \(watched.stdout)")
    }

    @Test func aFailingStrictIngestIsATrueNoOp() throws {
        let (dir, store, _) = try newStore()
        let bad = dir.appendingPathComponent("bad.csv")
        try "subject,visit,date,assay,analyte,statistic,value,unit\nS1,V1,2024-01-02,cytometry,P,count,abc,events\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", "--strict", store, bad.path])
        #expect(r.status == 2, "\(r.stdout)")
        let status = try CLI.status(store)
        #expect((status["batches"] as? [Any])?.isEmpty == true)
        #expect((status["abandonedBatches"] as? Int) == 0)
        #expect((status["rawFiles"] as? Int) == 0)
        #expect(try CLI.sql(store, "SELECT COUNT(*) FROM batches").map { $0.contains("[(0,)]") } ?? true)
        #expect(CLI.temporaryEntries(store).isEmpty)
    }

    @Test func rawFilesFollowTheUmask() throws {
        let (_, store, file) = try newStore()
        #expect(try CLI.run(umask: "027", ["ingest", store, file.path]).status == 0)
        let raw = try FileManager.default.subpathsOfDirectory(atPath: "\(store)/raw").filter { $0.count > 60 }
        #expect(raw.count == 1)
        let mode = (try FileManager.default.attributesOfItem(atPath: "\(store)/raw/\(raw[0])")[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o440, "\(String(mode, radix: 8))")
    }
}
