import Foundation
import TestSupport
import Testing

/// Runs the built `immunopipe` binary as a user would.
enum CLI {
    static let packageRoot = PackagePaths.root

    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["IMMUNOPIPE_BIN"], !b.isEmpty {
            return b.hasPrefix("/") ? b : packageRoot.appendingPathComponent(b).path
        }
        return packageRoot.appendingPathComponent(".build/debug/immunopipe").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts the binary without waiting.
    static func start(_ args: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return (p, out, err)
    }

    @discardableResult
    static func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
        let (p, out, err) = try start(args, environment: environment)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A tidy CSV with `rows` values whose value is a function of the row, so any row can be
    /// checked after the round trip.
    static func writeTidyCSV(_ url: URL, rows: Int, subjectPrefix: String = "S") throws {
        var text = "subject,visit,date,assay,analyte,statistic,value,unit\n"
        text.reserveCapacity(rows * 64)
        for i in 0..<rows {
            text +=
                "\(subjectPrefix)\(i / 50),V\(i % 5),2024-01-\(String(format: "%02d", i % 28 + 1)),cytometry,POP\(i % 10),count,\(expectedValue(i)),events\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func expectedValue(_ i: Int) -> Double { Double(i) * 0.5 + 1 }

    /// `status --json` parsed.
    static func status(_ store: String) throws -> [String: Any] {
        let r = try run(["status", store, "--json"])
        #expect(r.status == 0, "status failed: \(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
    }

    static func waitFor(_ path: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            usleep(50_000)
        }
        return false
    }
}
