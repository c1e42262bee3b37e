import Domain
import Foundation
import Testing

@testable import Readers

/// Runs one input through format detection and through EVERY reader in `ReaderRegistry.all`
/// (so a reader added later is fuzzed without touching this file), and checks the readers'
/// promise: each input ends in values and diagnostics, or a `FileRejected`; never a crash
/// (which would kill this process: the input is on disk at a known path, see `ReaderFuzzTests`),
/// never a hang (a time bound per reader), never unbounded memory, never a diagnostic without
/// the file's name or one that echoes a huge cell whole.
enum ReaderFuzzHarness {
    struct Outcome {
        var findings: [String] = []
        var rejections = 0
        var values = 0
        var diagnostics = 0
    }

    /// Longest diagnostic message accepted (cell text in messages is cut well below this).
    static let maximumMessageBytes = 2048

    /// Per reader and input. Debug builds parse a 2 MB export in well under a second; ten
    /// seconds means a runaway (quadratic or endless) loop.
    static var timeLimit: Double {
        Double(ProcessInfo.processInfo.environment["FUZZ_TIME_LIMIT"] ?? "") ?? 20
    }

    static func run(path: String, displayName: String, timeLimit: Double = timeLimit) -> Outcome {
        var outcome = Outcome()
        let file = SourceFile(path: path, displayName: displayName)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

        // Detection, and every reader's recognition (detection stops at the first match).
        timed("detection", timeLimit, &outcome) { sink in
            do { _ = try ReaderRegistry.detect(file) } catch is FileRejected {} catch {
                sink.problems.append("threw \(type(of: error)) rather than FileRejected: \(error)")
            }
            if let preview = try? SourcePreview.load(file) {
                for r in ReaderRegistry.all { _ = r.recognizes(preview) }
            }
            return nil
        }
        for reader in ReaderRegistry.all {
            let id = reader.format.id
            Memory.resetPeak()
            let before = Memory.residentBytes()
            timed(id, timeLimit, &outcome) { sink in
                do {
                    try reader.read(file, into: sink)
                    return nil
                } catch let e as FileRejected {
                    sink.report(e.diagnostic)
                    return e
                } catch {
                    sink.problems.append("threw \(type(of: error)) rather than FileRejected: \(error)")
                    return nil
                }
            }
            // Memory: generous (other suites run in this process at the same time), so only a
            // runaway shows: a reader holding ~11 KB per row of a large file, for instance.
            let grown = Memory.peakBytes() - before
            if grown > (1 << 30) + 64 * size {
                outcome.findings.append("\(id): peak memory grew by \(grown >> 20) MiB on a \(size >> 10) KiB input")
            }
        }
        return outcome
    }

    /// Runs `body` on its own thread with a time bound; its sink's contract violations and a
    /// time-out become findings.
    private static func timed(
        _ what: String, _ timeLimit: Double, _ outcome: inout Outcome, _ body: @escaping @Sendable (FuzzSink) -> FileRejected?
    ) {
        let sink = FuzzSink()
        let started = Date()
        defer {
            if ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil {
                print("fuzz:   \(what) \(String(format: "%.3f", Date().timeIntervalSince(started))) s")
            }
        }
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        let thread = Thread {
            let t = Date()
            result.rejection = body(sink)
            if ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil { print("fuzz:   inner \(what) \(Date().timeIntervalSince(t))") }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        if done.wait(timeout: .now() + timeLimit) == .timedOut {
            // The thread cannot be stopped; it is left running and the finding reported.
            outcome.findings.append("\(what): no result after \(Int(timeLimit)) s (hang or runaway)")
            return
        }
        outcome.findings += sink.problems.map { "\(what): \($0)" }
        outcome.values += sink.values
        outcome.diagnostics += sink.diagnostics
        if result.rejection != nil { outcome.rejections += 1 }
    }

    private final class ResultBox: @unchecked Sendable { var rejection: FileRejected? }
}

/// Counts what a reader emits (keeps nothing, so memory measures the reader) and notes contract
/// violations in its diagnostics.
final class FuzzSink: MeasurementSink, @unchecked Sendable {
    private(set) var values = 0
    private(set) var diagnostics = 0
    var problems: [String] = []

    func accept(_ measurement: consuming Domain.Measurement) throws { values += 1 }
    func attach(_ table: AuxiliaryTable) {}
    func report(_ d: Diagnostic) {
        diagnostics += 1
        guard problems.count < 5 else { return }
        if d.location.file.isEmpty { problems.append("diagnostic without a file: \(d.code)") }
        if d.code.isEmpty || d.code != d.code.lowercased() { problems.append("diagnostic code '\(d.code)' is not lowercase-hyphenated") }
        if d.message.utf8.count > ReaderFuzzHarness.maximumMessageBytes {
            problems.append("diagnostic \(d.code) has a \(d.message.utf8.count)-byte message (cell text not cut)")
        }
    }
}

/// The process's resident memory, from /proc (Linux; zero elsewhere, which disables the check).
enum Memory {
    static func residentBytes() -> Int { field("VmRSS:") }
    static func peakBytes() -> Int { field("VmHWM:") }

    /// Resets the peak (VmHWM) to the current resident size (Linux ≥ 4.0).
    static func resetPeak() {
        if let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            h.write(Data("5".utf8))
            try? h.close()
        }
    }

    private static func field(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) })
        else { return 0 }
        return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0) * 1024
    }
}
