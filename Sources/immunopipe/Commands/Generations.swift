import ArgumentParser
import Foundation
import Ingest
import Store

/// `I/N` as in `--shard 3/8`.
struct ShardSpec: ExpressibleByArgument {
    var index: Int
    var count: Int
    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        index = i
        count = n
    }
}

struct ReprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess",
        abstract: "Re-derive shard I of N of the raw archive into a new generation (run all N, then `commit`).",
        discussion: """
            Files are assigned to shards by their SHA-256, so every node picks the same files. Each \
            file is re-read with today's readers and the panel/linkage files recorded at its ingest \
            (or those given here, for every file). A shard that dies can simply be run again. When \
            it finishes it writes STORE/generations/G/shards/I-of-N.json.
            """)

    @Argument(help: "The study store.") var store: String
    @Option(help: "This shard, as I/N (1-based).") var shard: ShardSpec
    @Option(help: "The generation to build (newer than the current one).") var generation: Int64
    @OptionGroup var processing: ProcessingOptions
    @Flag(help: "Print the shard manifest as JSON.") var json = false

    func run() throws {
        let result = try CLIErrors.run { () throws -> Reprocessor.Result in
            var r = try Reprocessor(store: StudyStore.open(at: store), generation: generation, shard: shard.index, shards: shard.count)
            if !processing.isEmpty { r.override = processing.spec }
            return try r.run()
        }
        if json {
            try Terminal.printJSON(result.manifest)
            return
        }
        for s in result.summaries { SummaryPrinter.print(s) }
        let m = result.manifest
        let rejected = m.files.filter { $0.outcome == "rejected" }
        print(
            "shard \(m.shard)/\(m.shards) of generation \(m.generation): \(m.files.count) files, \(m.rowsAccepted) rows, \(m.rowsRejected) rejected rows, \(rejected.count) rejected files"
        )
        for f in rejected { print("  rejected \(f.name): \(f.rejectedReason)") }
    }
}

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Make a reprocessed generation current in one atomic step (or switch back to an earlier one).",
        discussion: """
            Refuses, naming what is wrong, when a shard has not finished, a raw file is in no shard, \
            or a file no longer parses (unless --allow-rejects). Committing an earlier committed \
            generation switches back to it. The previous generation stays readable until `gc`.
            """)

    @Argument(help: "The study store.") var store: String
    @Option(help: "The generation to make current.") var generation: Int64
    @Flag(name: .customLong("allow-rejects"), help: "Commit even if some files were rejected; they are listed.") var allowRejects = false

    func run() throws {
        let o = try CLIErrors.run {
            try GenerationCommit(store: StudyStore.open(at: store)).commit(generation: generation, allowRejects: allowRejects)
        }
        if o.alreadyCurrent {
            print("generation \(o.generation) is already current: nothing to do")
        } else if o.switchedBack {
            print("generation \(o.generation) is current again (was \(o.previous))")
        } else {
            print("generation \(o.generation) is current (was \(o.previous)): \(o.shards) shards, \(o.files) files, \(o.rowsAccepted) rows")
            for f in o.rejectedFiles { print("  committed with rejected file: \(f)") }
            if !o.carriedBatches.isEmpty {
                print(
                    "  carried over batch(es) \(o.carriedBatches.map(String.init).joined(separator: ", ")), ingested after the shards ran, as they were ingested"
                )
            }
        }
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Summarise what changed between two generations, per analyte.")

    @Argument(help: "The study store.") var store: String
    @Option(help: "The older generation.") var from: Int64
    @Option(help: "The newer generation.") var to: Int64
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let d = try CLIErrors.run { try GenerationDiff.compute(store: StudyStore.open(at: store), from: from, to: to) }
        if json {
            try Terminal.printJSON(d)
            return
        }
        print("generation \(d.from) → \(d.to)")
        print("analyte                         added  removed  changed  unchanged")
        for a in d.analytes + [d.totals] {
            print(
                "\(a.analyte.padding(toLength: 30, withPad: " ", startingAt: 0)) \(String(format: "%6d  %7d  %7d  %9d", a.added, a.removed, a.changed, a.unchanged))"
            )
        }
    }
}

struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc", abstract: "Retire old generations, keeping the current one and the K−1 most recent others.")

    @Argument(help: "The study store.") var store: String
    @Option(help: "How many committed generations to keep, the current one included.") var keep: Int = 2

    func run() throws {
        let retired = try CLIErrors.run { try GenerationCommit(store: StudyStore.open(at: store)).collectGarbage(keep: keep) }
        print(
            retired.isEmpty
                ? "nothing to retire" : "retired generation(s) \(retired.map(String.init).joined(separator: ", ")); raw files are kept")
    }
}
