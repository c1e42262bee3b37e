import Domain
import Foundation
import Testing

@testable import Readers

/// Every reader fixture against the `<fixture>.expected.tsv` beside it, allotropy style: the
/// fixtures are found by listing `Fixtures/` (`ReaderFixtures`), read through detection as the CLI
/// reads them, and written in the one expected-output format (`ExpectedOutput`).
///
/// `UPDATE_GOLDEN=1 swift test --filter GoldenFixtureTests` writes the expected outputs; read the
/// diff line by line before committing it: an expected output is a claim that the reader is right.
@Suite struct GoldenFixtureTests {
    static let regenerate = "UPDATE_GOLDEN=1 swift test --filter GoldenFixtureTests"
    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    @Test func fixturesAreFound() {
        // Every reader in the registry and every clinical role has at least one fixture.
        let outputs = ReaderFixtures.all.compactMap { try? ReaderFixtures.read($0).reader }
        for reader in ReaderRegistry.all where !outputs.contains(reader.format.id) {
            Issue.record("no fixture is read by \(reader.format.id): add one under Tests/ReadersTests/Fixtures/")
        }
        for role in ClinicalRole.allCases where !ReaderFixtures.all.contains(where: { $0.hasPrefix("clinical/\(role.rawValue)/") }) {
            Issue.record("no fixture in Fixtures/clinical/\(role.rawValue)/")
        }
    }

    @Test(arguments: ReaderFixtures.all)
    func readerOutputMatchesExpectedOutput(_ fixture: String) throws {
        let actual = try ReaderFixtures.read(fixture)
        let rendered = ExpectedOutput.text(of: actual)
        let expectedPath = Fixtures.path(fixture + ExpectedOutput.suffix)
        let existing = try? String(contentsOfFile: expectedPath, encoding: .utf8)
        if Self.updating {
            if existing != rendered { try rendered.write(toFile: expectedPath, atomically: true, encoding: .utf8) }
            return
        }
        guard let expected = existing else {
            Issue.record(
                "\(fixture) has no expected output beside it: write it with `\(Self.regenerate)`, then read \(fixture)\(ExpectedOutput.suffix) line by line"
            )
            return
        }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        guard
            let i = (0..<max(a.count, b.count)).first(where: { i in
                (i < a.count ? a[i] : nil) != (i < b.count ? b[i] : nil)
            })
        else { return }
        Issue.record(
            """
            \(fixture)\(ExpectedOutput.suffix) line \(i + 1) differs (of \(a.count) expected, \(b.count) read):
             expected: \(i < a.count ? String(a[i]) : "<no line>")
             read:     \(i < b.count ? String(b[i]) : "<no line>")
            If the reader is right now, regenerate with `\(Self.regenerate)` and review the diff.
            """)
    }

    @Test func everyExpectedOutputHasItsFixture() {
        let fixtures = Set(ReaderFixtures.all)
        for expected in ReaderFixtures.expectedOutputs {
            let fixture = String(expected.dropLast(ExpectedOutput.suffix.count))
            if !fixtures.contains(fixture) {
                Issue.record("\(expected) has no fixture \(fixture) beside it: remove it, or name it after its fixture")
            }
        }
    }
}
