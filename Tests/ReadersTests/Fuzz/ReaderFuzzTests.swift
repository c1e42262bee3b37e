import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

/// The seeded mutation loop over every reader (see docs/fuzzing.md).
///
/// Seeds: every fixture under `Fixtures/` and every file of `../shared/corpus` (when present).
/// Each iteration takes one seed, applies one to four mutations from a generator seeded with
/// `FUZZ_SEED` and the iteration number (so iteration i of seed S is the same input
/// everywhere), writes it to `FUZZ_WORK/current-input.<ext>` and runs it through
/// `ReaderFuzzHarness`. `make test` runs `FUZZ_SECONDS` (default 40) of it; `make fuzz` as long
/// as asked. A crash kills the test process with the input still on disk: `make fuzz` copies it
/// to `Fixtures/fuzz-regressions/`, which `regressionsStayFixed` replays on every run.
@Suite struct ReaderFuzzTests {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    @Test func mutatedInputsEndInValuesDiagnosticsOrRejection() throws {
        let seconds = Double(Self.environment["FUZZ_SECONDS"] ?? "") ?? 40
        let baseSeed = UInt64(Self.environment["FUZZ_SEED"] ?? "") ?? 20_261_204
        let maxSeedBytes = Int(Self.environment["FUZZ_MAX_SEED_BYTES"] ?? "") ?? (1 << 20)
        let hugeField = Int(Self.environment["FUZZ_HUGE_FIELD_BYTES"] ?? "") ?? (256 << 10)
        let seeds = Self.seeds(maxBytes: maxSeedBytes)
        try #require(!seeds.isEmpty, "no fuzz seeds found")
        if !SharedCorpus.isPresent { print("fuzz: ../shared/corpus absent: seeding from the fixtures only") }

        let work = URL(fileURLWithPath: Self.environment["FUZZ_WORK"] ?? NSTemporaryDirectory())
            .appendingPathComponent(Self.environment["FUZZ_WORK"] == nil ? "immunopipe-fuzz-\(getpid())" : "")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let mutator = FuzzMutator(hugeFieldBytes: hugeField)
        let deadline = Date().addingTimeInterval(seconds)

        var inputs = 0, rejections = 0, values = 0, diagnostics = 0
        var iteration = 0
        var findings: [String] = []
        while Date() < deadline, findings.count < 20 {
            let seed = seeds[iteration % seeds.count]
            var rng = FuzzRandom(seed: baseSeed &+ UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15)
            var bytes = seed.bytes
            // The first pass over the seeds is unmutated: the seeds themselves must pass.
            let mutations = iteration < seeds.count ? [] : mutator.mutate(&bytes, &rng)
            let ext = (seed.name as NSString).pathExtension
            let input = work.appendingPathComponent("current-input" + (ext.isEmpty ? "" : ".\(ext)"))
            let what = "seed \(baseSeed) iteration \(iteration): \(seed.name) with \(mutations.joined(separator: ", "))"
            try Data(bytes).write(to: input)
            try Data((what + "\n").utf8).write(to: work.appendingPathComponent("current-input.txt"))

            let outcome = ReaderFuzzHarness.run(path: input.path, displayName: "fuzz." + ext)
            for f in outcome.findings {
                findings.append("\(what): \(f)")
                // Kept beside the work file for `make fuzz` to offer as a regression fixture.
                let keep = work.appendingPathComponent("finding-\(baseSeed)-\(iteration).\(ext)")
                try? FileManager.default.removeItem(at: keep)
                try? FileManager.default.copyItem(at: input, to: keep)
            }
            inputs += 1
            rejections += outcome.rejections
            values += outcome.values
            diagnostics += outcome.diagnostics
            iteration += 1
        }
        print(
            "fuzz: \(inputs) inputs (\(seeds.count) seeds, seed \(baseSeed), \(Int(seconds)) s) through detection and \(ReaderRegistry.all.count) readers: \(rejections) rejections, \(values) values, \(diagnostics) diagnostics, \(findings.count) findings"
        )
        for f in findings { Issue.record("\(f)") }
        // A work folder of our own (not `make fuzz`'s) goes when there is nothing to look at.
        if findings.isEmpty, Self.environment["FUZZ_WORK"] == nil { try? FileManager.default.removeItem(at: work) }
        #expect(inputs >= min(seeds.count, 10))
    }

    /// Every input that ever crashed, hung or broke the contract, replayed on every run.
    @Test func regressionsStayFixed() throws {
        let dir = Fixtures.root.appendingPathComponent(ReaderFixtures.fuzzRegressionsFolder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter(ReaderFixtures.isInput).sorted()
        for name in names {
            let outcome = ReaderFuzzHarness.run(path: dir.appendingPathComponent(name).path, displayName: name)
            #expect(outcome.findings.isEmpty, "\(name): \(outcome.findings)")
        }
    }

    /// Found by the fuzzer (seed 7, iteration 183: a workspace cut short with a 3.7 MB run of
    /// digits): the MSD reader took 10 s (debug build) and over the 20 s bound under load,
    /// because trimming a field walked the decoded String character by character, twice, for
    /// every header candidate; the xlsx reader took 4 s asking ZIPFoundation to open text.
    /// Generated rather than kept as a fixture (4 MB).
    @Test func hugeFieldIsReadInBoundedTime() throws {
        // Indented, as the workspace's lines are: a field with leading spaces is trimmed.
        var bytes = Array("<?xml version=\"1.0\"?>\n<Workspace>\n    <GroupNode sortPriority=\"10\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "9"), count: 4 << 20)
        bytes += Array(",x\n  <Groups>\n".utf8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huge-field-\(UUID().uuidString).wsp")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let outcome = ReaderFuzzHarness.run(path: url.path, displayName: "huge-field.wsp", timeLimit: 8)
        #expect(outcome.findings.isEmpty, "\(outcome.findings)")
    }

    struct Seed {
        var name: String
        var bytes: [UInt8]
    }

    /// Fixtures (every input file below `Fixtures/`, not expected outputs, scripts or notes) and
    /// the shared corpus, in a fixed order.
    static func seeds(maxBytes: Int) -> [Seed] {
        var out: [Seed] = []
        func add(root: URL, prefix: String) {
            guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return }
            var paths: [String] = []
            for case let url as URL in e {
                let rel = String(url.path.dropFirst(root.path.count + 1))
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                    ReaderFixtures.isInput(url.lastPathComponent), !rel.hasPrefix("LICENSES")
                else { continue }
                paths.append(rel)
            }
            for rel in paths.sorted() {
                guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(rel).path),
                    data.count <= maxBytes
                else { continue }
                out.append(Seed(name: prefix + rel, bytes: [UInt8](data)))
            }
        }
        add(root: Fixtures.root, prefix: "fixtures/")
        if SharedCorpus.isPresent { add(root: SharedCorpus.directory, prefix: "corpus/") }
        return out
    }
}
