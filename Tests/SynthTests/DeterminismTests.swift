import Foundation
import Testing

@testable import Synth

@Suite struct DeterminismTests {
    @Test func sameSeedWritesByteIdenticalFiles() throws {
        let first = Generated.sample
        let again = Generated.temporaryFolder("again")
        defer { try? FileManager.default.removeItem(atPath: again) }
        let files = try Synthesizer.writeSampleData(to: again, seed: Synthesizer.defaultSeed)
        let rel = { (root: String, paths: [String]) in paths.map { String($0.dropFirst(root.count)) } }
        #expect(rel(first.root, first.files) == rel(again, files))
        for (a, b) in zip(first.files, files) {
            let same = FileManager.default.contentsEqual(atPath: a, andPath: b)
            #expect(same, "\(a) differs between two runs with the same seed")
        }
    }

    @Test func anotherSeedWritesOtherData() throws {
        let other = Generated.temporaryFolder("other-seed")
        defer { try? FileManager.default.removeItem(atPath: other) }
        let files = try Synthesizer.writeSampleData(to: other, seed: 1)
        let a = try #require(Generated.sample.files.first { $0.hasSuffix("NCT05495321/clinical/clinical.csv") })
        let b = try #require(files.first { $0.hasSuffix("NCT05495321/clinical/clinical.csv") })
        #expect(!FileManager.default.contentsEqual(atPath: a, andPath: b))
    }

    @Test func writesEveryExpectedFileOfEveryTrial() throws {
        let files = Generated.sample.files
        for trial in Synthesizer.trials {
            let id = trial.studyID
            for name in [
                "manifest.csv", "exports/lims-export.csv", "clinical/clinical.csv", "clinical/first_dose.csv",
                "clinical/blood_counts.csv", "clinical/glucocorticoids.csv", "clinical/adverse_events.csv",
                "sealed/randomization.csv",
            ] {
                #expect(files.contains { $0.hasSuffix("/\(id)/\(name)") }, "\(id)/\(name) missing")
            }
            #expect(files.filter { $0.contains("/\(id)/exports/flowjo/") }.count >= 3)
            #expect(!files.filter { $0.contains("/\(id)/exports/xponent/") }.isEmpty)
        }
    }
}
