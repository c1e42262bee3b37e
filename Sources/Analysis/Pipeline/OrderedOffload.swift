import Dispatch

/// Two stages on two cores, in order: each `submit`ted piece of work runs on another thread
/// while the caller goes on (reading the next chunk, writing the previous result), and results
/// are handed to `consume` on the caller's thread in submission order. At most one piece is in
/// flight, so memory is two pieces, and the output is the same as running everything in turn.
/// An error thrown by a piece surfaces when that piece would have been consumed, after the
/// earlier pieces' results, as it would without the overlap.
final class OrderedOffload<T: Sendable> {
    private final class Slot: @unchecked Sendable {
        let done = DispatchGroup()
        var result: Result<T, Error>?
    }

    private var inFlight: Slot?

    init() {}

    /// Starts `work` on another thread, then consumes the previous piece (waiting for it).
    /// `consume` must be the same function on every call.
    func submit(_ work: @escaping @Sendable () throws -> T, consume: (T) throws -> Void) throws {
        let slot = Slot()
        slot.done.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            slot.result = Result { try work() }
            slot.done.leave()
        }
        let previous = inFlight
        inFlight = slot
        if let previous { try take(previous, consume) }
    }

    /// Consumes the last piece.
    func finish(consume: (T) throws -> Void) throws {
        if let last = inFlight {
            inFlight = nil
            try take(last, consume)
        }
    }

    private func take(_ slot: Slot, _ consume: (T) throws -> Void) throws {
        slot.done.wait()
        try consume(slot.result!.get())
    }

    deinit {
        // A caller that stopped on an error still waits for the piece it started.
        inFlight?.done.wait()
    }
}
