import ArgumentParser
import Domain

@main
struct Immunopipe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "immunopipe",
        abstract: "Flow-cytometry and cytokine exports → validated HDF5 study stores and change-from-baseline reports.",
        version: immunopipeVersion,
        subcommands: [
            InitCommand.self, IngestCommand.self, ValidateCommand.self, StatusCommand.self, ExportCommand.self,
            ReprocessCommand.self, CommitCommand.self, DiffCommand.self, GCCommand.self,
            ReportCommand.self, QCCommand.self, SynthCommand.self, ServeCommand.self, UsersCommand.self,
        ])
}
