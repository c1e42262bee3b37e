import Foundation
import Ingest

/// A one-line progress bar on a terminal (files, rows, rows/s, ETA by files); plain periodic
/// log lines otherwise, so CI logs and pipes stay readable.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastPlain = Date.distantPast
    private let terminal = Terminal.stderrIsTerminal

    func update(_ p: IngestPipeline.Progress) {
        lock.lock()
        defer { lock.unlock() }
        let rate = p.elapsed > 0 ? Double(p.rows) / p.elapsed : 0
        let fraction = p.filesTotal > 0 ? Double(p.filesDone) / Double(p.filesTotal) : 0
        let eta = fraction > 0 ? p.elapsed * (1 - fraction) / fraction : 0
        if terminal {
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = String(
                format: "\r%@ %d/%d files  %d rows  %.0f rows/s  ETA %.0fs ", bar, p.filesDone, p.filesTotal, p.rows, rate, eta)
            FileHandle.standardError.write(Data(line.utf8))
            if p.filesDone == p.filesTotal { FileHandle.standardError.write(Data("\n".utf8)) }
        } else if Date().timeIntervalSince(lastPlain) > 5 || p.filesDone == p.filesTotal {
            lastPlain = Date()
            Terminal.info(String(format: "progress: %d/%d files, %d rows, %.0f rows/s", p.filesDone, p.filesTotal, p.rows, rate))
        }
    }
}
