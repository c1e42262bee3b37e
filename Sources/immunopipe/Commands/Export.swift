import ArgumentParser
import Store

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one consolidated HDF5 file (AnnData dataframe encoding) of a generation.")

    @Argument(help: "The study store.") var store: String
    @Option(help: "Output .h5 file.") var out: String
    @Option(help: "Generation to export (default: current).") var generation: Int64?

    func run() throws {
        let summary = try CLIErrors.run { try Exporter(store: StudyStore.open(at: store)).export(to: out, generation: generation) }
        print("exported generation \(summary.generation): \(summary.batches) batches, \(summary.rows) rows → \(summary.path)")
    }
}
