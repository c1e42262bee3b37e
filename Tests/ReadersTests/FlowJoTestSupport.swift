import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

/// The FlowJo fixtures and corpus files, and compact views of what a reader emitted. Every
/// fixture's full output is checked by `GoldenFixtureTests`.
enum FlowJoFixtures {
    static var directory: URL { Fixtures.root.appendingPathComponent("flowjo") }

    static func file(_ name: String) -> SourceFile {
        SourceFile(path: directory.appendingPathComponent(name).path)
    }

    /// `../shared/corpus/flowjo` next to the package root; absent on machines without the corpus.
    static var corpus: URL { SharedCorpus.directory.appendingPathComponent("flowjo") }

    static func corpusFile(_ name: String) -> SourceFile {
        SourceFile(path: corpus.appendingPathComponent(name).path)
    }

    static func run(_ reader: some MeasurementReader, _ file: SourceFile) throws -> CollectingSink {
        let sink = CollectingSink()
        try reader.read(file, into: sink)
        return sink
    }

    /// Diagnostics as `severity code line:column`, for compact assertions.
    static func summary(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.severity.rawValue) \($0.code) \($0.location.line):\($0.location.column)" }
    }

    /// A temporary file with `bytes`, removed by the caller.
    static func temporary(_ name: String, _ bytes: [UInt8]) throws -> SourceFile {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flowjo-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return SourceFile(path: url.path)
    }
}
