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
            files that cannot be read at all (or whose name is not valid UTF-8) are rejected whole; \
            files already in the store are skipped. A file another live ingest is storing right now \
            is not stored by this one: it is listed as held, with the process holding it. With \
            --strict any error rejects the whole batch and nothing at all is stored. Exit status: \
            0 all stored (or already in the store), 1 some rows or files rejected or held (the rest \
            is stored), 2 nothing could be done (--strict batch rejected, full disk, unusable store).
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
        if strict && summary.batch == nil && summary.files.contains(where: { $0.outcome == "rejected" }) { throw ExitCode(2) }
        if summary.rejected > 0 || summary.files.contains(where: { $0.outcome == "rejected" || $0.outcome == "held" }) {
            throw ExitCode(1)
        }
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
            for name in watcher.newUndecodableNames { Swift.print(InputFiles.invalidName(name).description) }
            if !files.isEmpty {
                let summary = try ingest(files)
                SummaryPrinter.print(summary)
                if json { try Terminal.printJSON(summary) }
                // A file another ingest holds is offered again: if that process dies without
                // storing it, its claim is taken over by the next try.
                let pathOf = Dictionary(files.map { ($0.displayName, $0.path) }, uniquingKeysWith: { a, _ in a })
                for f in summary.files where f.outcome == "held" { if let p = pathOf[f.name] { watcher.retry(p) } }
            }
            stop.wait(seconds: interval)
        }
        Terminal.info("stopped watching \(directory)")
    }

    private func ingest(_ given: [SourceFile]? = nil) throws -> IngestSummary {
        let s = try StudyStore.open(at: store)
        let expanded = try given.map { InputFiles.Expanded(files: $0) } ?? InputFiles.expand(inputs)
        let files = expanded.files
        guard !files.isEmpty else {
            for d in expanded.unreadableNames { Terminal.error(d.description) }
            throw CLIError("no readable input files found in \(inputs.joined(separator: " "))")
        }
        let request = Ingestion.Request(
            processing: processing.spec, format: format, strict: strict,
            command: (["immunopipe"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
        var summary: IngestSummary
        if json {
            summary = try Ingestion.run(store: s, files: files, request)
        } else {
            let bar = ProgressBar()
            summary = try Ingestion.run(store: s, files: files, request, progress: { @Sendable p in bar.update(p) })
        }
        // Names that are not UTF-8 cannot be opened by name: reported, never skipped silently.
        summary.diagnostics = expanded.unreadableNames + summary.diagnostics
        for d in expanded.unreadableNames {
            summary.files.append(
                .init(
                    name: d.location.file, sha256: "", outcome: "rejected", format: "", accepted: 0,
                    rejected: 0, warnings: 0, message: "file name is not valid UTF-8"))
        }
        return summary
    }
}

enum SummaryPrinter {
    /// Diagnostics grouped by code (count, first places, advice); every one of them is in the
    /// segment's diagnostics table and in `--json`.
    static func print(_ s: IngestSummary) {
        for group in DiagnosticGroup.group(s.diagnostics) { group.lines.forEach { Swift.print($0) } }
        for f in s.files {
            let detail = f.message.isEmpty ? "" : " — \(f.message)"
            Swift.print(
                "\(f.outcome.padding(toLength: 8, withPad: " ", startingAt: 0)) \(f.name) [\(f.format.isEmpty ? "?" : f.format)] \(f.accepted) rows, \(f.rejected) rejected, \(f.warnings) warnings\(detail)"
            )
        }
        if let b = s.batch {
            Swift.print(
                String(
                    format: "batch %lld (generation %lld): %d rows stored, %d rejected, %d warnings in %.2f s (%.0f rows/s)",
                    b, s.generation, s.accepted, s.rejected, s.warnings, s.seconds, s.rowsPerSecond))
        } else {
            let held = s.files.filter { $0.outcome == "held" }.count
            let strictRejected = s.files.contains { $0.message.contains("(--strict)") }
            Swift.print(
                strictRejected
                    ? "no batch: rejected (--strict), nothing was stored"
                    : held > 0
                        ? "no new batch: \(held) file(s) held by another ingest, nothing else to store"
                        : "no new batch: nothing to store")
        }
    }
}
