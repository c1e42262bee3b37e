import Analysis
import Foundation
import Report

/// The report's progress on a terminal, as ingest shows its own: one line redrawn in place
/// (phase, rows or parameters done, rate, time left in the phase); plain log lines at most every
/// five seconds otherwise, so CI logs and pipes stay readable.
final class ReportProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var lastPlain = Date.distantPast
    private var lastDraw = Date.distantPast
    private var phase: ReportProgress.Phase?
    private var phaseStart = 0.0
    private let terminal = Terminal.stderrIsTerminal

    func update(_ p: ReportProgress) {
        lock.lock()
        defer { lock.unlock() }
        if p.phase != phase {
            if terminal, phase != nil { FileHandle.standardError.write(Data("\n".utf8)) }
            phase = p.phase
            phaseStart = p.elapsed
            lastPlain = .distantPast
        }
        let inPhase = max(0, p.elapsed - phaseStart)
        let rate = inPhase > 0 ? Double(p.done) / inPhase : 0
        let left = p.done > 0 && p.total > p.done ? inPhase * Double(p.total - p.done) / Double(p.done) : 0
        let finished = p.done >= p.total
        let text = String(
            format: "%@: %d/%d %@  %.0f %@/s  %.0fs left", p.phase.rawValue, p.done, p.total, p.unit,
            rate, p.unit, left)
        if terminal {
            // Redrawn at most ten times a second.
            guard finished || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = Date()
            FileHandle.standardError.write(Data(("\r" + text + "   ").utf8))
        } else if Date().timeIntervalSince(lastPlain) > 5 || finished {
            lastPlain = Date()
            Terminal.info("progress: " + text)
        }
    }

    /// Ends the redrawn line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if terminal, phase != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        phase = nil
    }
}
