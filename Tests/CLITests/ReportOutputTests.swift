import Foundation
import Store
import Testing

/// Where a report writes (issue 10, items 8, 11, 12): result names never collide and say
/// whether they are blinded, unblinded results are the owner's alone, and a symlink planted
/// at an output's temporary name is never followed.
@Suite("Report outputs", .serialized)
struct ReportOutputTests {
    @Test func twoReportsAtOnceKeepBothResultsNamedBlindedAndUnblinded() throws {
        guard let study = ReportSample.ingested() else { return }
        let common = ["report", study.store, "--study", study.definition, "--clinical", study.clinical]
        let blinded = try CLI.start(common + ["--out", study.dir.appendingPathComponent("blinded").path])
        let unblinded = try CLI.start(
            common + ["--unblind", study.randomization, "--out", study.dir.appendingPathComponent("unblinded").path])
        let rb = CLI.finish(blinded), ru = CLI.finish(unblinded)
        #expect(rb.status == 0 && ru.status == 0, "\(rb.stderr)\(ru.stderr)")
        let results = try FileManager.default.contentsOfDirectory(atPath: "\(study.store)/results").sorted()
        #expect(results.count == 2, "\(results)")
        let u = results.first { $0.contains("-unblinded-") }, b = results.first { $0.contains("-blinded-") }
        #expect(u != nil && b != nil, "\(results)")

        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode("\(study.store)/results/\(u ?? "")") == 0o600)
        let unblindedOut = study.dir.appendingPathComponent("unblinded").path
        #expect(try mode(unblindedOut) == 0o700)
        for f in try FileManager.default.contentsOfDirectory(atPath: unblindedOut) {
            #expect(try mode("\(unblindedOut)/\(f)") == 0o600, "\(f)")
        }
        // Blinded outputs keep the ordinary mode (the umask's).
        #expect(try mode("\(study.store)/results/\(b ?? "")") & 0o044 == 0o044)
    }

    @Test func aSymlinkPlantedAtAnOutputsTemporaryNameIsNotFollowed() throws {
        guard let study = ReportSample.ingested() else { return }
        let out = study.dir.appendingPathComponent("report").path
        let report = ["report", study.store, "--study", study.definition, "--clinical", study.clinical, "--out", out]
        #expect(try CLI.run(report).status == 0)
        let victim = study.dir.appendingPathComponent("victim.txt")
        try "precious\n".write(to: victim, atomically: true, encoding: .utf8)
        for name in ["cfb.csv.partial", "report.html.partial", "summary.csv.partial"] {
            try FileManager.default.createSymbolicLink(atPath: "\(out)/\(name)", withDestinationPath: victim.path)
        }
        let r = try CLI.run(report)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")
        #expect(FileManager.default.fileExists(atPath: "\(out)/cfb.csv"))
    }

    @Test func aFolderHoldingOtherFilesIsNotReplaced() throws {
        guard let study = ReportSample.ingested() else { return }
        let out = study.dir.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "notes\n".write(to: out.appendingPathComponent("thesis.docx"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["report", study.store, "--study", study.definition, "--clinical", study.clinical, "--out", out.path])
        #expect(r.status == 2 && r.stderr.contains("thesis.docx"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("thesis.docx").path))
    }
}
