import Foundation
import Store
import Testing

/// SIGKILL at every named point of ingest, reprocess, commit, export and report
/// (`IMMUNOPIPE_FAULT=<point>`): afterwards the store opens, shows only complete work, lists
/// the dead writer's leftovers until the next writing command removes them, the same command
/// run again completes, and the export equals the source files value for value.
@Suite("Kill at named points", .serialized)
struct FaultInjectionTests {
    static let ingestPoints = ["ingest.archived", "ingest.claimed", "ingest.published", "ingest.before-commit"]

    @Test(arguments: ingestPoints)
    func ingestKilledAt(_ point: String) throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        let first = dir.appendingPathComponent("first.csv"), second = dir.appendingPathComponent("second.csv")
        try CLI.writeTidyCSV(first, rows: 100, subjectPrefix: "F")
        try CLI.writeTidyCSV(second, rows: 3_000, subjectPrefix: "S")
        #expect(try CLI.run(["ingest", store, first.path]).status == 0)

        #expect(try CLI.killed(["ingest", store, second.path], at: point), "ingest did not die at \(point)")
        // Read-only status: only the complete batch, and the dead writer's files listed.
        let status = try CLI.status(store)
        #expect((status["rowsPerTable"] as? [String: Int])?["measurements"] == 100)
        // Before its commit the writer has a partial segment in tmp/ (earlier it has nothing
        // there: the raw copy is already published; later the segment is published too).
        let leftovers = (status["leftovers"] as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        #expect(leftovers.isEmpty != (point == "ingest.before-commit"), "status should list the killed writer's partial segment")
        #expect((status["deadWriterBatches"] as? Int) == (point == "ingest.archived" ? 0 : 1))

        // The same ingest completes; nothing of the dead writer is left.
        let rerun = try CLI.run(["ingest", store, second.path])
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(CLI.temporaryEntries(store).isEmpty, "\(CLI.temporaryEntries(store))")
        #expect(
            try CLI.exportedValues(store)
                == (CLI.sourceValues(rows: 100, subjectPrefix: "F") + CLI.sourceValues(rows: 3_000, subjectPrefix: "S")).sorted())
        let segments = try FileManager.default.subpathsOfDirectory(atPath: "\(store)/segments").filter { $0.hasSuffix(".h5") }
        #expect(segments.count == 2, "\(segments)")
    }

    @Test func reprocessAndCommitKilledAtEachPoint() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        var files: [String] = []
        for (prefix, rows) in [("A", 400), ("B", 300)] {
            let f = dir.appendingPathComponent("\(prefix).csv")
            try CLI.writeTidyCSV(f, rows: rows, subjectPrefix: prefix)
            files.append(f.path)
        }
        #expect(try CLI.run(["ingest", store] + files).status == 0)
        let source = (CLI.sourceValues(rows: 400, subjectPrefix: "A") + CLI.sourceValues(rows: 300, subjectPrefix: "B")).sorted()

        for point in ["ingest.claimed", "ingest.before-commit", "reprocess.before-manifest"] {
            #expect(try CLI.killed(["reprocess", store, "--shard", "1/2", "--generation", "2"], at: point), "\(point)")
            #expect(!FileManager.default.fileExists(atPath: "\(store)/generations/2/shards/1-of-2.json"))
        }
        #expect(try CLI.run(["reprocess", store, "--shard", "1/2", "--generation", "2"]).status == 0)
        #expect(try CLI.run(["reprocess", store, "--shard", "2/2", "--generation", "2"]).status == 0)
        for point in ["commit.moved", "commit.before-switch"] {
            #expect(try CLI.killed(["commit", store, "--generation", "2"], at: point), "\(point)")
            #expect((try CLI.status(store)["currentGeneration"] as? Int) == 1)
            #expect(try CLI.exportedValues(store) == source)
        }
        let commit = try CLI.run(["commit", store, "--generation", "2"])
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect((try CLI.status(store)["currentGeneration"] as? Int) == 2)
        #expect(try CLI.exportedValues(store) == source)
    }

    @Test func exportKilledLeavesNoPartialFileOnceTheStoreIsWrittenAgain() throws {
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
        let f = dir.appendingPathComponent("a.csv")
        try CLI.writeTidyCSV(f, rows: 500, subjectPrefix: "A")
        #expect(try CLI.run(["ingest", store, f.path]).status == 0)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        #expect(try CLI.killed(["export", store, "--out", out.appendingPathComponent("e.h5").path], at: "export.written"))
        let partial = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(partial.count == 1 && partial[0].hasPrefix("e.h5.partial-"), "\(partial)")
        let leftovers = (try CLI.status(store)["leftovers"] as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        #expect(leftovers.contains { ($0["path"] as? String)?.hasSuffix(partial[0]) == true }, "\(leftovers)")
        #expect(try CLI.exportedValues(store) == CLI.sourceValues(rows: 500, subjectPrefix: "A").sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    /// A report killed anywhere leaves `--out` holding the previous complete report, byte for
    /// byte; its staging folder (patient-level spill files included) goes with the next command
    /// that writes; a kill between the swap's two renames is undone by that command too.
    @Test func reportKilledAtEachPointLeavesThePreviousReport() throws {
        guard let study = ReportSample.ingested() else { return }
        let out = study.dir.appendingPathComponent("report").path
        let report = ["report", study.store, "--study", study.definition, "--clinical", study.clinical, "--out", out]
        #expect(try CLI.run(report).status == 0)
        let before = try ReportSample.contents(out)
        #expect(before.keys.contains("cfb.csv") && before.keys.contains("report.html"))
        for point in ["report.outputs-written", "report.before-swap", "report.between-renames"] {
            #expect(try CLI.killed(report, at: point), "\(point)")
            if point != "report.between-renames" { #expect(try ReportSample.contents(out) == before, "\(point)") }
            #expect((try CLI.status(study.store)["leftovers"] as? [String: Any]).map { !(($0["entries"] as? [Any]) ?? []).isEmpty } == true)
            // Any writing command cleans up (and puts a half-swapped folder back).
            #expect(try CLI.run(["gc", study.store, "--keep", "5"]).status == 0)
            #expect(try ReportSample.contents(out) == before, "\(point)")
            let siblings = try FileManager.default.contentsOfDirectory(atPath: study.dir.path).filter { $0.hasPrefix(".report.") }
            #expect(siblings.isEmpty, "\(siblings)")
            #expect(CLI.temporaryEntries(study.store).isEmpty, "\(CLI.temporaryEntries(study.store))")
        }
    }
}

/// The committed sample study NCT04946669 ingested into a fresh store (skips when absent).
enum ReportSample {
    struct Study {
        var dir: URL
        var store: String
        var definition: String
        var clinical: String
        var randomization: String
    }

    static func ingested() -> Study? {
        let root = CLI.packageRoot.appendingPathComponent("sample-data/NCT04946669").path
        let definition = CLI.packageRoot.appendingPathComponent("pipelines/studies/NCT04946669.yaml").path
        guard FileManager.default.fileExists(atPath: root), FileManager.default.fileExists(atPath: definition) else {
            print("skipped: sample-data/NCT04946669 is not in the checkout")
            return nil
        }
        let dir = CLI.temporaryDirectory()
        let store = dir.appendingPathComponent("store").path
        guard (try? CLI.run(["init", store, "--study", "NCT04946669"]).status) == 0,
            let r = try? CLI.run(["ingest", store, "\(root)/exports", "--manifest", "\(root)/manifest.csv"]), r.status <= 1
        else {
            Issue.record("could not ingest the sample study")
            return nil
        }
        return Study(
            dir: dir, store: store, definition: definition, clinical: "\(root)/clinical",
            randomization: "\(root)/sealed/randomization.csv")
    }

    /// Name → bytes of the files in a folder.
    static func contents(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))
        }
        return out
    }
}
