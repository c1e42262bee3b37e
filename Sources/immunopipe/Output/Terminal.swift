import ArgumentParser
import Domain
import Foundation

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

enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("immunopipe: error: \(message)\n".utf8))
    }

    static func info(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Encodes as pretty JSON on stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try e.encode(value), as: UTF8.self))
    }

    /// Bytes as KiB/MiB/GiB.
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n)
        var u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[u])
    }
}
