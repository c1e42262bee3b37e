import Hummingbird
import Logging

/// The portal: one process serving the pages and the API over the study stores of a directory.
public enum PortalServer {
    /// The router with every route (tests drive it with HummingbirdTesting).
    public static func router(_ core: PortalCore) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        APIRoutes(core: core).add(to: router)
        PageRoutes(core: core).add(to: router)
        return router
    }

    public static func application(_ core: PortalCore, host: String, port: Int) -> some ApplicationProtocol {
        var logger = Logger(label: "immunopipe-portal")
        logger.logLevel = .info
        return Application(
            router: router(core), configuration: .init(address: .hostname(host, port: port), serverName: "immunopipe"),
            logger: logger)
    }
}
