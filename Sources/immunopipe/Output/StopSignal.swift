import Dispatch
import Foundation

/// SIGINT and SIGTERM as a request to stop at the next safe point (between batches), instead of
/// killing a batch mid-write.
final class StopSignal: @unchecked Sendable {
    private let lock = NSCondition()
    private var stopRequested = false
    private var sources: [DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.request() }
            source.resume()
            sources.append(source)
        }
    }

    var requested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopRequested
    }

    func request() {
        lock.lock()
        stopRequested = true
        lock.broadcast()
        lock.unlock()
    }

    /// Sleeps up to `seconds`, waking early when a stop is requested.
    func wait(seconds: Double) {
        lock.lock()
        if !stopRequested { _ = lock.wait(until: Date().addingTimeInterval(seconds)) }
        lock.unlock()
    }
}
