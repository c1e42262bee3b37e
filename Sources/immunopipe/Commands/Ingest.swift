import ArgumentParser
import Domain
import Foundation
import Ingest
import Readers
import Store

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest export files into a study store as one batch.",
        discussion: """
        Every file's bytes are archived, parsed, mapped, validated and written into one new \
        immutable segment. Rows with errors are rejected and recorded with file:line:column; \
        files that cannot be read at all are rejected whole; files already in the store are \
        skipped. With --strict any error rejects the whole batch. Exit status: 0 all stored, \
        1 some rows or files rejected (the rest is stored), 2 nothing could be done.
        """)

    @Argument(help: "The study store.") var store: String
    @Argument(help: "Export files or directories.") var inputs: [String] = []
    @Option(help: "Watch this drop folder: ingest each new complete file once, until stopped (SIGINT/SIGTERM).")
    var watch: String?
    @Option(help: "Seconds between scans of the watched folder.") var interval: Double = 2
    @OptionGroup var processing: ProcessingOptions
    @Option(help: "Force a reader by format id (default: detect per file).") var format: String?
    @Flag(help: "Reject the whole batch if anything has an error.") var strict = false
    @Flag(help: "Print a machine-readable JSON summary on stdout.") var json = false

    func validate() throws {
        if watch == nil && inputs.isEmpty { throw ValidationError("give export files or directories, or --watch DIR") }
        if watch != nil && !inputs.isEmpty { throw ValidationError("give either files or --watch DIR, not both") }
    }

    func run() throws {
        if let watch { return try CLIErrors.run { try watchFolder(watch) } }
        let summary = try CLIErrors.run { try ingest() }
        if json { try Terminal.printJSON(summary) } else { SummaryPrinter.print(summary) }
        if summary.rejected > 0 || summary.files.contains(where: { $0.outcome == "rejected" }) { throw ExitCode(1) }
    }

    /// The drop-folder loop: one batch per scan that found complete files.
    private func watchFolder(_ directory: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw CLIError("\(directory): not a directory")
        }
        let stop = StopSignal()
        var watcher = DropFolderWatcher(directory: directory)
        Terminal.info("watching \(directory) every \(interval) s; stop with Ctrl-C or SIGTERM")
        while !stop.requested {
            let files = watcher.scan()
            if !files.isEmpty {
                let summary = try ingest(files)
                SummaryPrinter.print(summary)
                if json { try Terminal.printJSON(summary) }
            }
            stop.wait(seconds: interval)
        }
        Terminal.info("stopped watching \(directory)")
    }

    private func ingest(_ given: [SourceFile]? = nil) throws -> IngestSummary {
        let s = try StudyStore.open(at: store)
        let files = try given ?? InputFiles.expand(inputs)
        guard !files.isEmpty else { throw CLIError("no input files found in \(inputs.joined(separator: " "))") }
        let configured = try processing.configure()
        let plate = try processing.plateProcessor()
        var options = IngestPipeline.Options()
        options.processor = configured.processor
        options.fileProcessor = plate.processor
        options.panel = configured.panelID
        options.processing = processing.spec.json
        options.format = format
        options.strict = strict
        options.command = (["immunopipe"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let pipeline = IngestPipeline(store: s, options: options)
        var summary: IngestSummary
        if json {
            summary = try pipeline.run(files)
        } else {
            let bar = ProgressBar()
            summary = try pipeline.run(files, progress: { @Sendable p in bar.update(p) })
        }
        summary.diagnostics = configured.diagnostics + plate.diagnostics + summary.diagnostics
        return summary
    }
}

enum SummaryPrinter {
    static func print(_ s: IngestSummary, diagnosticsLimit: Int = 50) {
        for d in s.diagnostics.prefix(diagnosticsLimit) { Swift.print(d.description) }
        if s.diagnostics.count > diagnosticsLimit {
            Swift.print("… \(s.diagnostics.count - diagnosticsLimit) more (all are stored in the segment's diagnostics table)")
        }
        for f in s.files {
            let detail = f.message.isEmpty ? "" : " — \(f.message)"
            Swift.print("\(f.outcome.padding(toLength: 8, withPad: " ", startingAt: 0)) \(f.name) [\(f.format.isEmpty ? "?" : f.format)] \(f.accepted) rows, \(f.rejected) rejected, \(f.warnings) warnings\(detail)")
        }
        if let b = s.batch {
            Swift.print(String(format: "batch %lld (generation %lld): %d rows stored, %d rejected, %d warnings in %.2f s (%.0f rows/s)",
                               b, s.generation, s.accepted, s.rejected, s.warnings, s.seconds, s.rowsPerSecond))
        } else {
            Swift.print("no new batch: nothing to store")
        }
    }
}
