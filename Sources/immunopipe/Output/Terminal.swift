import Foundation

/// The CLI's one way to stderr and stdout: error and progress lines, JSON output, byte sizes.
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
        while v >= 1024 && u < units.count - 1 {
            v /= 1024
            u += 1
        }
        return u == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[u])
    }
}
