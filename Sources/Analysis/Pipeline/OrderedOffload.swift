import Dispatch
import Foundation

/// Stages on other cores, in order: each `submit`ted piece of work runs on another thread
/// while the caller goes on (reading the next chunk, writing the previous result), and results
/// are handed to `consume` on the caller's thread in submission order. At most `inFlight`
/// pieces are left running while the caller consumes (`submit` starts the new piece before it
/// waits for the oldest, so `inFlight + 1` run at that moment): memory is `inFlight + 1`
/// pieces, and the output is the same as running everything in turn. An error thrown by a
/// piece surfaces when that piece would have been consumed, after the earlier pieces' results,
/// as it would without the overlap.
///
/// While the caller waits for a piece, it runs pieces no worker has started yet itself (the
/// oldest first): with more pieces in flight than cores, the caller's idle time goes to the
/// queued work rather than to waiting, and the workers always find the next piece queued.
public final class OrderedOffload<T: Sendable> {
    private final class Slot: @unchecked Sendable {
        // Unchecked: `work` is taken under `lock` by one thread, which alone then sets `result`
        // before `done` is left; the others read `result` only after waiting for `done`.
        let done = DispatchGroup()
        var result: Result<T, Error>?
        private var work: (@Sendable () throws -> T)?
        private let lock = NSLock()

        init(_ work: @escaping @Sendable () throws -> T) {
            self.work = work
            done.enter()
        }

        /// The work, to the first thread that asks (nil to the others).
        private func claim() -> (@Sendable () throws -> T)? {
            lock.lock()
            defer { lock.unlock() }
            return work.take()
        }

        /// Runs the piece on this thread unless another thread has taken it; true when run here.
        func runIfUnclaimed() -> Bool {
            guard let work = claim() else { return false }
            result = Result { try work() }
            done.leave()
            return true
        }

        /// Drops the piece unless another thread has taken it; true when dropped.
        func dropIfUnclaimed() -> Bool {
            guard claim() != nil else { return false }
            done.leave()
            return true
        }
    }

    /// Started and not yet consumed, oldest first.
    private var pending: [Slot] = []
    private let limit: Int

    /// Where pieces run when no caller has taken them.
    private let workers: DispatchQueue

    /// `inFlight`: how many pieces may be left running while the caller consumes (at least 1).
    /// `workers`: the threads that run them (tests pass one that never starts).
    public init(inFlight: Int = 1, workers: DispatchQueue = .global(qos: .userInitiated)) {
        limit = max(1, inFlight)
        self.workers = workers
    }

    /// One piece per core, up to four: for work that outweighs the caller's share (the caller
    /// mostly waits, so on two cores two pieces keep both busy). Capped so that memory stays a
    /// few pieces on a large node.
    public static var perCore: Int { min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Starts `work` on another thread, then consumes the oldest pieces (waiting for them)
    /// until no more than `inFlight` are left running. `consume` must be the same function on
    /// every call.
    public func submit(_ work: @escaping @Sendable () throws -> T, consume: (T) throws -> Void) throws {
        let slot = Slot(work)
        workers.async { _ = slot.runIfUnclaimed() }
        pending.append(slot)
        while pending.count > limit { try take(pending.removeFirst(), consume) }
    }

    /// Consumes the pieces still pending, in order.
    public func finish(consume: (T) throws -> Void) throws {
        while !pending.isEmpty { try take(pending.removeFirst(), consume) }
    }

    /// Waits for `slot`, running meanwhile on this thread the pieces no worker has started, the
    /// oldest first (`slot` itself among them): the caller's own share of the work is smaller
    /// than the pieces', and it waited for them with a core idle (a tenth of a CFB-only report
    /// at 10 M rows on two cores) while pieces sat queued behind the running ones.
    private func take(_ slot: Slot, _ consume: (T) throws -> Void) throws {
        while slot.done.wait(timeout: .now()) == .timedOut {
            guard slot.runIfUnclaimed() || pending.contains(where: { $0.runIfUnclaimed() }) else {
                slot.done.wait()
                break
            }
        }
        try consume(slot.result!.get())
        // The piece is freed on another thread: a derived range is tens of thousands of values
        // whose strings are released one by one, and the caller is the busiest thread (the
        // store's one writer).
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(slot) {} }
    }

    deinit {
        // A caller that stopped on an error still waits for the pieces a worker started; those
        // none has are dropped.
        for slot in pending where !slot.dropIfUnclaimed() { slot.done.wait() }
    }
}
