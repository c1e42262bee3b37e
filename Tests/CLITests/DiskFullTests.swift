import Foundation
import Store
import Testing

/// A full disk during ingest, export and report (issue 10, item 6), on a small tmpfs filled to
/// several levels: never a crash (it segfaulted in HDF5's exit handler), exit status 2 with
/// "no space left on device" naming the store, no temporary file left, the store intact and
/// readable by `status` even at 100 %, and once space is freed the same ingest completes.
@Suite("Full disk", .serialized)
struct DiskFullTests {
    static let rows = 12_000

    /// Free bytes left before the ingest: nothing, then inside the raw copy (~660 KB), inside
    /// the segment (~180 KB), around the catalog commit, and enough.
    static let levels = [0, 64 << 10, 400 << 10, 700 << 10, 760 << 10, 820 << 10, 900 << 10, 2 << 20]

    @Test func ingestAndExportOnAFullDiskFailCleanlyAtEveryFillLevel() throws {
        guard SmallDisk.mount(bytes: 1 << 20) != nil else {
            print("skipped: cannot mount a tmpfs here (needs root): the full-disk tests did not run")
            return
        }
        let dir = CLI.temporaryDirectory()
        let csv = dir.appendingPathComponent("values.csv")
        try CLI.writeTidyCSV(csv, rows: Self.rows, subjectPrefix: "S")
        let source = CLI.sourceValues(rows: Self.rows, subjectPrefix: "S").sorted()
        var outcomes: [String] = []
        for free in Self.levels {
            guard let disk = SmallDisk.mount(bytes: 4 << 20) else { return }
            let store = "\(disk.path)/store"
            #expect(try CLI.run(["init", store, "--study", "NCT05495321"]).status == 0)
            disk.fill(leaving: free)
            let r = try CLI.run(["ingest", store, csv.path])
            outcomes.append("\(free / 1024) KiB free: exit \(r.status)")
            #expect(r.status == 0 || r.status == 2, "free \(free): \(r.stderr)")
            if r.status == 2 {
                #expect(r.stderr.contains("no space left on device") && r.stderr.contains(store), "free \(free): \(r.stderr)")
            }
            #expect(CLI.temporaryEntries(store).isEmpty, "free \(free): \(CLI.temporaryEntries(store))")
            let status = try CLI.run(["status", store, "--json"])
            #expect(status.status == 0, "free \(free): status on the full disk: \(status.stderr)")

            // An export onto the full disk fails the same way and leaves no partial file.
            if r.status == 0 {
                disk.fill(leaving: 0, name: "filler-2")
                let e = try CLI.run(["export", store, "--out", "\(disk.path)/e.h5"])
                #expect(e.status == 2 && e.stderr.contains("no space left on device"), "\(e.stderr)")
                #expect(!(try FileManager.default.contentsOfDirectory(atPath: disk.path)).contains { $0.hasPrefix("e.h5") })
                disk.unfill(name: "filler-2")
            }
            disk.unfill()
            if r.status == 2 { #expect(try CLI.run(["ingest", store, csv.path]).status == 0) }
            #expect(try CLI.exportedValues(store) == source, "free \(free)")
        }
        print("disk-full levels: \(outcomes.joined(separator: "; "))")
        #expect(outcomes.contains { $0.hasSuffix("exit 2") } && outcomes.contains { $0.hasSuffix("exit 0") })
    }

    @Test func reportOnAFullDiskFailsCleanly() throws {
        guard let disk = SmallDisk.mount(bytes: 8 << 20) else {
            print("skipped: cannot mount a tmpfs here (needs root): the full-disk tests did not run")
            return
        }
        guard let study = ReportSample.ingested() else { return }
        // The store on the small disk: a copy of the sample store.
        let store = "\(disk.path)/store"
        try FileManager.default.copyItem(atPath: study.store, toPath: store)
        let out = "\(disk.path)/report"
        for free in [0, 200 << 10, 1 << 20] {
            disk.fill(leaving: free)
            let r = try CLI.run(["report", store, "--study", study.definition, "--clinical", study.clinical, "--out", out])
            #expect(r.status == 2 && r.stderr.contains("no space left on device"), "free \(free): \(r.status) \(r.stderr)")
            disk.unfill()
            #expect(CLI.temporaryEntries(store).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: out))
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(store)/results")) ?? []).isEmpty)
        }
        #expect(try CLI.run(["report", store, "--study", study.definition, "--clinical", study.clinical, "--out", out]).status == 0)
    }
}
