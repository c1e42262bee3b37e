import ArgumentParser
import Foundation
import Store

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show batches, rows per table, generation and disk use.")

    @Argument(help: "The study store.") var store: String
    @Flag(help: "Print JSON for machines.") var json = false

    func run() throws {
        let status = try CLIErrors.run { try StoreStatus.read(StudyStore.openForReading(at: store)) }
        if json {
            try Terminal.printJSON(status)
            return
        }
        print("study \(status.study)  store \(status.path)")
        print("generation \(status.currentGeneration) current; \(status.generations.count) generation(s)")
        print("")
        print("batch  committed                  user        files      rows  rejected  warnings  segment")
        for b in status.batches {
            print(
                String(
                    format: "%5lld  %@  %@  %5d  %8lld  %8lld  %8lld  %@", b.id,
                    b.committedAt.padding(toLength: 25, withPad: " ", startingAt: 0),
                    b.user.padding(toLength: 10, withPad: " ", startingAt: 0), b.files, b.rowsAccepted, b.rowsRejected,
                    b.warnings, Terminal.bytes(b.segmentBytes)))
        }
        if status.batches.isEmpty { print("  (no batches yet)") }
        print("")
        print("rows per table:")
        for (t, n) in status.rowsPerTable.sorted(by: { $0.key < $1.key }) {
            print("  \(t.padding(toLength: 28, withPad: " ", startingAt: 0)) \(n)")
        }
        if status.inProgressBatches > 0 { print("batches being written now: \(status.inProgressBatches)") }
        for s in status.stagedGenerations {
            print(
                "generation \(s.generation) being reprocessed: \(s.shardsFinished) of \(s.shards) shards finished, \(s.files) files, \(s.rowsAccepted) rows (not current until `commit`)"
            )
        }
        if status.deadWriterBatches > 0 {
            print("batches of writers that died (abandoned by the next command that writes): \(status.deadWriterBatches)")
        }
        if !status.leftovers.entries.isEmpty {
            print(
                "temporary files of dead writers (removed by the next command that writes): \(status.leftovers.entries.count), \(Terminal.bytes(status.leftovers.bytes))"
            )
            for e in status.leftovers.entries.prefix(10) { print("  \(e.path)  \(Terminal.bytes(e.bytes))") }
        }
        if status.abandonedBatches > 0 { print("abandoned batches (killed or failed, nothing visible): \(status.abandonedBatches)") }
        print("")
        print(
            "disk: raw \(Terminal.bytes(status.diskUse["raw"] ?? 0)) in \(status.rawFiles) files, segments \(Terminal.bytes(status.diskUse["segments"] ?? 0)), catalog \(Terminal.bytes(status.diskUse["catalog"] ?? 0)), total \(Terminal.bytes(status.diskUse["total"] ?? 0))"
        )
    }
}
