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
///
/// The caller is thus one of the threads doing the work, and pieces run on at most `width`
/// other threads at once, one fewer than the cores by default. With a worker per core, three
/// threads shared two cores: the caller, the store's one writer in a report, was preempted by
/// the workers, fell behind, and the workers then waited for it with a core idle (1.78–1.82 of
/// 2 cores busy through a 10 M-row CFB-only report; 1.87–1.90 with one worker, 7.70 → 6.85 s).
public final class OrderedOffload<T: Sendable> {
    final class Slot: @unchecked Sendable {
        // Unchecked: `work` is run by the one thread that took the slot from `Unstarted` (under
        // its lock), which alone then sets `result` before `done` is left; the others read
        // `result` only after waiting for `done`.
        let done = DispatchGroup()
        var result: Result<T, Error>?
        private var work: (@Sendable () throws -> T)?

        init(_ work: @escaping @Sendable () throws -> T) {
            self.work = work
            done.enter()
        }

        /// Runs the piece: only by the thread that took it from `Unstarted`.
        func run() {
            let work = self.work.take()!
            result = Result { try work() }
            done.leave()
        }

        /// Gives the piece up unrun: only by the thread that took it from `Unstarted`.
        func drop() {
            work = nil
            done.leave()
        }
    }

    /// The pieces no thread has started, oldest first, and how many workers are taking them.
    /// A piece is started by whichever thread takes it from here first, a worker or the caller.
    final class Unstarted: @unchecked Sendable {
        // Unchecked: every field is read and written under `lock`.
        private let lock = NSLock()
        private var slots: [Slot] = []
        private var working = 0
        let width: Int

        init(width: Int) { self.width = max(1, width) }

        /// Queues `slot`; true when a worker is to be started for it (fewer than `width` run).
        func add(_ slot: Slot) -> Bool {
            lock.withLock {
                slots.append(slot)
                guard working < width else { return false }
                working += 1
                return true
            }
        }

        /// `slot`, if no thread has taken it yet.
        func take(_ slot: Slot) -> Bool {
            lock.withLock {
                guard let i = slots.firstIndex(where: { $0 === slot }) else { return false }
                slots.remove(at: i)
                return true
            }
        }

        /// The oldest piece no thread has taken; nil when there is none.
        func takeOldest() -> Slot? {
            lock.withLock { slots.isEmpty ? nil : slots.removeFirst() }
        }

        /// A worker's loop: runs the oldest untaken piece until there is none, then stops (and
        /// counts itself out under the same lock as `add`, so that a piece added meanwhile
        /// either is taken here or starts a worker of its own).
        func work() {
            while true {
                let next: Slot? = lock.withLock {
                    if slots.isEmpty {
                        working -= 1
                        return nil
                    }
                    return slots.removeFirst()
                }
                guard let next else { return }
                next.run()
            }
        }
    }

    /// Started and not yet consumed, oldest first.
    private var pending: [Slot] = []
    private let limit: Int
    private let unstarted: Unstarted

    /// Where workers run.
    private let workers: DispatchQueue

    /// `inFlight`: how many pieces may be left running while the caller consumes (at least 1).
    /// `workers`: the queue the worker threads run on (tests pass one that never starts);
    /// `width`: how many run at once (at least 1).
    public init(
        inFlight: Int = 1, workers: DispatchQueue = .global(qos: .userInitiated), width: Int = OrderedOffload.workerThreads
    ) {
        limit = max(1, inFlight)
        self.workers = workers
        unstarted = Unstarted(width: width)
    }

    /// One piece per core, up to four: for work that outweighs the caller's share (the caller
    /// mostly waits, so on two cores two pieces keep both busy). Capped so that memory stays a
    /// few pieces on a large node.
    public static var perCore: Int { min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Worker threads beside the caller: one fewer than the cores (the caller works too), at
    /// least one.
    public static var workerThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    /// Starts `work` on another thread, then consumes the oldest pieces (waiting for them)
    /// until no more than `inFlight` are left running. `consume` must be the same function on
    /// every call.
    public func submit(_ work: @escaping @Sendable () throws -> T, consume: (T) throws -> Void) throws {
        let slot = Slot(work)
        pending.append(slot)
        if unstarted.add(slot) {
            let unstarted = self.unstarted
            workers.async { unstarted.work() }
        }
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
            if unstarted.take(slot) {
                slot.run()
            } else if let other = unstarted.takeOldest() {
                other.run()
            } else {
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
        for slot in pending {
            if unstarted.take(slot) { slot.drop() } else { slot.done.wait() }
        }
    }
}
