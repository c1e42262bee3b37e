import Foundation
import TestSupport
import Testing

@testable import Synth

/// `sample-data/` is generated, never edited by hand: the committed files must be exactly what
/// `immunopipe synth --out sample-data` writes today, so a change to the generator that alters
/// them shows up here (regenerate with that command and review the diff).
@Suite struct CommittedSampleDataTests {
    static let committed: String = PackagePaths.path("sample-data")

    @Test func committedSampleDataIsWhatSynthWrites() throws {
        let generated = Generated.sample
        let fm = FileManager.default
        let relative = Self.files(under: generated.root)
        let committedFiles = Self.files(under: Self.committed)
        // Synth's own account of what it wrote is what is on disk (no file written outside it).
        #expect(
            generated.files.map { String($0.dropFirst(generated.root.count + 1)) }.sorted()
                == relative.filter { !$0.hasSuffix("/" + OutputFolder.marker) })
        try #require(!relative.isEmpty, "synth wrote nothing")
        let extra = Set(committedFiles).subtracting(relative).sorted(), missing = Set(relative).subtracting(committedFiles).sorted()
        if !extra.isEmpty || !missing.isEmpty {
            Issue.record("sample-data/ holds other files than synth writes: not written by synth \(extra), missing \(missing)")
        }
        for name in relative where committedFiles.contains(name) {
            #expect(
                fm.contentsEqual(atPath: "\(generated.root)/\(name)", andPath: "\(Self.committed)/\(name)"),
                "sample-data/\(name) differs from what synth writes: regenerate with `immunopipe synth --out sample-data`")
        }
    }

    /// Every regular file below `root` (hidden ones included), relative and sorted.
    static func files(under root: String) -> [String] {
        let fm = FileManager.default
        return (fm.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: "\(root)/\(name)", isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }
}
