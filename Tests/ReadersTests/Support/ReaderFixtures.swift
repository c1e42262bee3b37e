import Domain
import Foundation
import Readers

/// The reader fixtures, found by listing `Fixtures/` (no hand-kept list):
///
/// - `Fixtures/<folder>/<name>`: an instrument or program export, read through
///   `ReaderRegistry.detect` as the CLI reads it (the folder only groups files of one instrument);
/// - `Fixtures/clinical/<role>/<name>`: a clinical-data file, read by the reader of its role
///   (`ClinicalRole`), since the CLI is told by option which file is which, not by detection.
///
/// Beside each fixture is its expected output, `<name>.expected.tsv` (`ExpectedOutput`). Not
/// fixtures: generator scripts (`*.py`), notes (`*.md`), hidden files, files in deeper folders
/// (inputs of other layers' tests that belong with a fixture, such as a plate layout) and
/// `fuzz-regressions/` (crash inputs, replayed by `ReaderFuzzTests`).
enum ReaderFixtures {
    static let clinicalFolder = "clinical"
    static let fuzzRegressionsFolder = "fuzz-regressions"

    /// Whether a file in a fixture folder is an input to read: neither an expected output, nor a
    /// generator script, a note or a hidden file. The fuzzer seeds from the same files.
    static func isInput(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasSuffix(ExpectedOutput.suffix) && !name.hasSuffix(".md")
            && !name.hasSuffix(".py")
    }

    /// Every fixture, as its path below `Fixtures/`, sorted.
    static var all: [String] {
        subfolders(of: "").filter { $0 != fuzzRegressionsFolder }.flatMap { folder -> [String] in
            folder == clinicalFolder ? subfolders(of: folder).flatMap { inputs(in: "\(folder)/\($0)") } : inputs(in: folder)
        }.sorted()
    }

    /// Every expected output, as its path below `Fixtures/`, sorted.
    static var expectedOutputs: [String] {
        subfolders(of: "").flatMap { folder in [folder] + subfolders(of: folder).map { "\(folder)/\($0)" } }
            .flatMap { folder in files(in: folder).filter { $0.hasSuffix(ExpectedOutput.suffix) } }.sorted()
    }

    /// What a reader makes of the fixture, in the form its expected output records.
    static func read(_ fixture: String) throws -> ReaderOutput {
        let file = SourceFile(path: Fixtures.path(fixture))
        let parts = fixture.split(separator: "/").map(String.init)
        if parts.first == clinicalFolder {
            guard parts.count == 3, let role = ClinicalRole(rawValue: parts[1]) else {
                throw FixtureLayoutError(
                    message: "\(fixture): clinical fixtures go in clinical/<role>/, role one of "
                        + ClinicalRole.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return try role.read(file)
        }
        let reader: any MeasurementReader
        do {
            reader = try ReaderRegistry.detect(file)
        } catch let r as FileRejected {
            return ReaderOutput(reader: "none", rejection: r.diagnostic)
        }
        let sink = CollectingSink()
        var output = ReaderOutput(reader: reader.format.id)
        do { try reader.read(file, into: sink) } catch let r as FileRejected { output.rejection = r.diagnostic }
        output.measurements = sink.measurements
        output.diagnostics = sink.diagnostics
        output.tables = sink.tables
        return output
    }

    struct FixtureLayoutError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func inputs(in folder: String) -> [String] { files(in: folder).filter { isInput(($0 as NSString).lastPathComponent) } }

    /// Regular files directly in `Fixtures/<folder>`, as paths below `Fixtures/`.
    private static func files(in folder: String) -> [String] {
        entries(of: folder).filter { !$0.isDirectory }.map { folder.isEmpty ? $0.name : "\(folder)/\($0.name)" }
    }

    private static func subfolders(of folder: String) -> [String] {
        entries(of: folder).filter(\.isDirectory).map(\.name)
    }

    private static func entries(of folder: String) -> [(name: String, isDirectory: Bool)] {
        let dir = Fixtures.root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { name in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return (name, isDirectory.boolValue)
        }
    }
}

/// The clinical-data files, by the command-line option that names each (`--clinical` for the
/// assessments): the folder a clinical fixture lives in under `Fixtures/clinical/`.
enum ClinicalRole: String, CaseIterable {
    case assessments
    case firstDose = "first-dose"
    case bloodCounts = "blood-counts"
    case glucocorticoids
    case adverseEvents = "adverse-events"
    case randomization

    func read(_ file: SourceFile) throws -> ReaderOutput {
        switch self {
        case .assessments: return try Self.output(ClinicalAssessmentReader(), file, ClinicalAssessmentReader.read)
        case .firstDose: return try Self.output(FirstDoseReader(), file, FirstDoseReader.read)
        case .bloodCounts: return try Self.output(BloodCountReader(), file, BloodCountReader.read)
        case .glucocorticoids: return try Self.output(GlucocorticoidReader(), file, GlucocorticoidReader.read)
        case .adverseEvents: return try Self.output(AdverseEventReader(), file, AdverseEventReader.read)
        case .randomization: return try Self.output(RandomizationReader(), file, RandomizationReader.read)
        }
    }

    private static func output<Reader, Record>(
        _ reader: Reader, _ file: SourceFile,
        _ read: (Reader) -> (SourceFile) throws -> ClinicalReadResult<Record>
    ) throws -> ReaderOutput {
        var output = ReaderOutput(reader: String(describing: Reader.self))
        do {
            let result = try read(reader)(file)
            output.records = .init(type: String(describing: Record.self), rows: result.records)
            output.diagnostics = result.diagnostics
        } catch let r as FileRejected {
            output.records = .init(type: String(describing: Record.self), rows: [])
            output.rejection = r.diagnostic
        }
        return output
    }
}
