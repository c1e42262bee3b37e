import Foundation
import TestSupport
import Testing

/// Every real export in `../shared/corpus` goes through exactly the parse stage `ingest` runs
/// (reader, plate curves and QC, sample processing) with no error: nothing in them is rejected.
@Suite("Real export corpus through validate")
struct CorpusValidationTests {
    static let folders = ["flowjo", "xponent", "bioplex", "msd", "facsdiva"]

    @Test(.sharedCorpus, arguments: folders)
    func everyFileValidatesWithoutErrors(_ folder: String) throws {
        let dir = SharedCorpus.directory.appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!files.isEmpty)
        let r = try CLI.run(["validate", dir.path, "--json"])
        let results = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(results.count == files.count, "\(r.stderr)")
        for result in results {
            let name = result["file"] as? String ?? "?"
            #expect(result["errors"] as? Int == 0, "\(name) has errors")
            #expect((result["values"] as? Int ?? 0) > 0, "\(name) gave no values")
            #expect(!(result["format"] as? String ?? "").isEmpty, "\(name) was not recognised")
        }
        #expect(r.status == 0)
    }
}
