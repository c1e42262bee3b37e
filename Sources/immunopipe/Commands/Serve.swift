import ArgumentParser
import Foundation
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web portal and JSON API over the study stores in a directory.",
        discussion: """
            Every direct subfolder of --stores that is a study store is served (create one with \
            `immunopipe init DIR/NCT05495321 --study NCT05495321`). Accounts live in DIR/portal.sqlite \
            (`immunopipe users add`). Uploads are mapped and linked, and reports built, as \
            DIR/<STUDY>.portal.json says (docs/portal.md). Listens on loopback by default: put a \
            TLS reverse proxy in front of it to serve other machines.
            """)

    @Option(help: "Directory holding the study stores and portal.sqlite.") var stores: String
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("max-upload-mb"), help: "Largest upload accepted (MiB, all files of one upload); larger ones get 413.")
    var maxUploadMB: Int64 = 256

    func run() async throws {
        let core = try CLIErrors.run {
            guard FileManager.default.fileExists(atPath: stores) else { throw CLIError("\(stores): no such directory") }
            return try PortalCore(PortalConfiguration(stores: stores, maxUploadBytes: maxUploadMB << 20))
        }
        let studies = core.studies.studies()
        Terminal.info(
            "serving \(studies.count) stud\(studies.count == 1 ? "y" : "ies") (\(studies.joined(separator: ", "))) from \(stores) on http://\(host):\(port)/"
        )
        try await PortalServer.application(core, host: host, port: port).runService()
    }
}
