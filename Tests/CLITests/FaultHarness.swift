import Foundation
import Store
import Testing

/// Helpers of the fault-injection tests: stopping a command at a named point
/// (`IMMUNOPIPE_PAUSE`, `IMMUNOPIPE_FAULT`, see `Store/Durability/FaultPoint.swift`), reading
/// back what a store exports, and a small tmpfs for disk-full runs.
extension CLI {
    /// Starts a command that stops at `point` until `resume`; returns once it is there.
    static func startPaused(_ args: [String], at point: String, marker: String) throws -> (Process, Pipe, Pipe) {
        let started = try start(args, environment: ["IMMUNOPIPE_PAUSE": "\(point):\(marker)"])
        #expect(waitFor(marker, seconds: 120), "\(args.first ?? "") never reached \(point)")
        return started
    }

    static func resume(_ marker: String) { try? FileManager.default.removeItem(atPath: marker) }

    /// Runs a command that kills itself with SIGKILL at `point`; true when it died there.
    static func killed(_ args: [String], at point: String) throws -> Bool {
        let (p, out, err) = try start(args, environment: ["IMMUNOPIPE_FAULT": point])
        _ = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL
    }

    /// Output of a finished process.
    static func finish(_ started: (Process, Pipe, Pipe)) -> Result {
        let o = started.1.fileHandleForReading.readDataToEndOfFile()
        let e = started.2.fileHandleForReading.readDataToEndOfFile()
        started.0.waitUntilExit()
        return Result(
            status: started.0.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    /// (subject, value) of every exported measurement of the current generation, sorted.
    static func exportedValues(_ store: String, generation: Int? = nil) throws -> [String] {
        let out = temporaryDirectory().appendingPathComponent("export.h5").path
        let r = try run(["export", store, "--out", out] + (generation.map { ["--generation", String($0)] } ?? []))
        #expect(r.status == 0, "export failed: \(r.stderr)")
        guard r.status == 0 else { return [] }
        return try SegmentReader(path: out).measurements().map { "\($0.subject) \($0.value)" }.sorted()
    }

    /// What `writeTidyCSV(rows:subjectPrefix:)` holds, in `exportedValues`' form.
    static func sourceValues(rows: Int, subjectPrefix: String) -> [String] {
        (0..<rows).map { "\(subjectPrefix)\($0 / 50) \(expectedValue($0))" }
    }

    /// Entries in a store's `tmp/` (a clean store has none once its writers have exited).
    static func temporaryEntries(_ store: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(store)/tmp")) ?? []).sorted()
    }

    /// Runs a command under `sh` with a umask.
    static func run(umask: String, _ args: [String]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "umask \(umask); exec \"$0\" \"$@\"", binary] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return finish((p, out, err))
    }

    /// Runs SQL on a store's catalog with python3's sqlite3 (the tests forge what another host
    /// or a reused pid would have left); nil when python3 is missing.
    @discardableResult
    static func sql(_ store: String, _ statement: String) throws -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print(r)",
            "\(store)/catalog.sqlite", statement,
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: o, as: UTF8.self) : nil
    }
}

/// A tmpfs of a given size, mounted for a disk-full test (root only; nil when not allowed).
final class SmallDisk {
    let path: String
    private init(path: String) { self.path = path }

    static func mount(bytes: Int) -> SmallDisk? {
        let dir = CLI.temporaryDirectory().appendingPathComponent("disk").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", dir]
        p.standardError = Pipe()
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? SmallDisk(path: dir) : nil
    }

    /// Fills the disk until `free` bytes are left (0: completely full).
    func fill(leaving free: Int, name: String = "filler") {
        let path = "\(self.path)/\(name)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0xA5, count: 4096)
        while freeBytes > free {
            let n = min(chunk.count, max(1, freeBytes - free))
            if write(fd, chunk, n) <= 0 { break }
        }
    }

    var freeBytes: Int {
        var s = statvfs()
        statvfs(path, &s)
        return Int(s.f_bavail) * Int(s.f_frsize)
    }

    func unfill(name: String = "filler") { unlink("\(path)/\(name)") }

    deinit {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = ["-l", path]
        try? p.run()
        p.waitUntilExit()
    }
}
