import ArgumentParser
import Domain

/// A message for the user, printed without a stack trace; exit status 2.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

enum CLIErrors {
    /// Runs `body`, turning library errors into one clear line on stderr and exit status 2.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as FileRejected {
            Terminal.error(e.description)
        } catch let e as CLIError {
            Terminal.error(e.description)
        } catch {
            Terminal.error("\(error)")
        }
        throw ExitCode(2)
    }
}
