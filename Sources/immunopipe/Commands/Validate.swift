import ArgumentParser
import Domain
import Foundation
import Ingest
import Readers

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check export files without writing anything: every problem with file:line:column.")

    @Argument(help: "Export files or directories.") var inputs: [String]
    @OptionGroup var processing: ProcessingOptions
    @Option(help: "Force a reader by format id (default: detect per file).") var format: String?
    @Flag(help: "Print a machine-readable JSON result.") var json = false

    struct FileResult: Codable {
        var file: String
        var format: String
        var values: Int
        var errors: Int
        var warnings: Int
        var diagnostics: [Diagnostic]
    }

    func run() throws {
        let files = try CLIErrors.run { try InputFiles.expand(inputs) }
        let configured = try CLIErrors.run { try processing.configure() }
        for d in configured.diagnostics { print(d.description) }
        var results: [FileResult] = []
        for f in files {
            var r = FileResult(file: f.displayName, format: "", values: 0, errors: 0, warnings: 0, diagnostics: [])
            do {
                let reader = try format.flatMap { ReaderRegistry.reader(id: $0) } ?? ReaderRegistry.detect(f)
                r.format = reader.format.id
                let sink = CollectingSink()
                try reader.read(f, into: sink)
                r.diagnostics = sink.diagnostics
                var values = sink.measurements
                if let processor = configured.processor {
                    // The same per-sample processing ingest runs, without writing anything.
                    var groups: [[Domain.Measurement]] = []
                    for m in values {
                        if let last = groups.last?.last, last.sample == m.sample { groups[groups.count - 1].append(m) } else { groups.append([m]) }
                    }
                    values = []
                    for g in groups {
                        let out = processor.process(sample: g, file: f)
                        values += out.accepted
                        r.diagnostics += out.diagnostics
                    }
                }
                r.values = values.count
            } catch let e as FileRejected {
                r.diagnostics = [e.diagnostic]
            } catch {
                r.diagnostics = [.error(f.location(), code: "read-failed", "\(error)")]
            }
            r.errors = r.diagnostics.filter { $0.severity == .error }.count
            r.warnings = r.diagnostics.count - r.errors
            results.append(r)
        }
        if json {
            try Terminal.printJSON(results)
        } else {
            for r in results {
                for d in r.diagnostics { print(d.description) }
                print("\(r.errors == 0 ? "ok      " : "invalid ") \(r.file) [\(r.format.isEmpty ? "?" : r.format)] \(r.values) values, \(r.errors) errors, \(r.warnings) warnings")
            }
        }
        if results.contains(where: { $0.errors > 0 }) { throw ExitCode(1) }
    }
}
