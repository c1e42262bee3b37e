import ArgumentParser
import Store

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create an empty study store.")

    @Argument(help: "Directory of the new store.") var store: String
    @Option(help: "Study identifier, e.g. NCT05495321.") var study: String

    func run() throws {
        let s = try CLIErrors.run { try StudyStore.initialise(at: store, study: study) }
        print("created study store \(s.root) for \(s.study) (generation 1)")
    }
}
