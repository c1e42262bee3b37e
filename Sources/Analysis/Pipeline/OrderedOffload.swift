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
public final class OrderedOffload<T: Sendable> {
    private final class Slot: @unchecked Sendable {
        let done = DispatchGroup()
        var result: Result<T, Error>?
    }

    /// Started and not yet consumed, oldest first.
    private var pending: [Slot] = []
    private let limit: Int

    /// `inFlight`: how many pieces may be left running while the caller consumes (at least 1).
    public init(inFlight: Int = 1) { limit = max(1, inFlight) }

    /// One piece per core, up to four: for work that outweighs the caller's share (the caller
    /// mostly waits, so on two cores two pieces keep both busy). Capped so that memory stays a
    /// few pieces on a large node.
    public static var perCore: Int { min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Starts `work` on another thread, then consumes the oldest pieces (waiting for them)
    /// until no more than `inFlight` are left running. `consume` must be the same function on
    /// every call.
    public func submit(_ work: @escaping @Sendable () throws -> T, consume: (T) throws -> Void) throws {
        let slot = Slot()
        slot.done.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            slot.result = Result { try work() }
            slot.done.leave()
        }
        pending.append(slot)
        while pending.count > limit { try take(pending.removeFirst(), consume) }
    }

    /// Consumes the pieces still pending, in order.
    public func finish(consume: (T) throws -> Void) throws {
        while !pending.isEmpty { try take(pending.removeFirst(), consume) }
    }

    private func take(_ slot: Slot, _ consume: (T) throws -> Void) throws {
        slot.done.wait()
        try consume(slot.result!.get())
        // The piece is freed on another thread: a derived range is tens of thousands of values
        // whose strings are released one by one, and the caller is the busiest thread (the
        // store's one writer).
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(slot) {} }
    }

    deinit {
        // A caller that stopped on an error still waits for the pieces it started.
        for slot in pending { slot.done.wait() }
    }
}
