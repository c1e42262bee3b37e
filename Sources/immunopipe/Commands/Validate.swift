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
        let expanded = try CLIErrors.run { try InputFiles.expand(inputs) }
        let files = expanded.files
        let configured = try CLIErrors.run { try processing.configure() }
        let plate = try CLIErrors.run { try processing.plateProcessor() }
        var options = IngestPipeline.Options()
        options.format = format
        options.processor = configured.processor
        options.fileProcessor = plate.processor
        var results: [FileResult] = expanded.unreadableNames.map {
            FileResult(file: $0.location.file, format: "", values: 0, errors: 1, warnings: 0, diagnostics: [$0])
        }
        for f in files {
            let c = IngestPipeline.dryRun(f, options: options)
            let diagnostics = c.diagnostics + (c.rejected.map { [$0] } ?? [])
            let errors = diagnostics.filter { $0.severity == .error }.count
            results.append(
                FileResult(
                    file: f.displayName, format: c.format?.id ?? "", values: c.values,
                    errors: errors, warnings: diagnostics.count - errors, diagnostics: diagnostics))
        }
        if json {
            try Terminal.printJSON(results)
        } else {
            for d in configured.diagnostics + plate.diagnostics { print(d.description) }
            for r in results {
                for group in DiagnosticGroup.group(r.diagnostics) { group.lines.forEach { print($0) } }
                print(
                    "\(r.errors == 0 ? "ok      " : "invalid ") \(r.file) [\(r.format.isEmpty ? "?" : r.format)] \(r.values) values, \(r.errors) errors, \(r.warnings) warnings"
                )
            }
        }
        if results.contains(where: { $0.errors > 0 }) { throw ExitCode(1) }
    }
}
