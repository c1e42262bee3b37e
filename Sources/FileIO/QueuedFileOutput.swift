import Dispatch

/// A `FileOutput` written on a thread of its own: `write` hands the bytes over and returns, the
/// writes happen in order on a serial queue, and at most `pending` are waiting at once (so
/// memory stays bounded when the caller produces faster than the disk takes). Copying bytes into
/// the page cache is CPU work, the largest part of writing a big report; done here, it overlaps
/// with the caller's own writing (the store) instead of adding to it.
///
/// A failed write is thrown by the next `write` or by `close`, and nothing after it is written.
public final class QueuedFileOutput: @unchecked Sendable {
    // Unchecked: `output` and `failure` are only touched on `queue`, or after `queue.sync`.
    public let path: String
    private let output: any SequentialOutput
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore
    private var failure: Error?

    /// `bypassingPageCache`: written with `DirectFileOutput` (large outputs written once).
    public init(creating path: String, pending: Int = 1, bypassingPageCache: Bool = false) throws {
        self.path = path
        output = try bypassingPageCache ? DirectFileOutput(creating: path) : FileOutput(creating: path)
        queue = DispatchQueue(label: "immunopipe.queued-output")
        slots = DispatchSemaphore(value: max(1, pending))
    }

    deinit {
        queue.sync {}
    }

    public func write(_ bytes: [UInt8]) throws {
        try enqueue(bytes.isEmpty) { output in try output.write(bytes) }
    }

    /// Writes `handed`'s bytes as `write` does, then gives the array to `then` (on the writer's
    /// queue, written or not), taken out of the box so that nothing else holds it.
    public func write(_ handed: HandedOverBytes, then: @escaping @Sendable ([UInt8]) -> Void) throws {
        try enqueue(handed.isEmpty, finally: { then(handed.take()) }) { output in
            try handed.withBytes { try output.write($0) }
        }
    }

    /// Throws an earlier failure; else, unless there is nothing to write (`empty`), runs `write`
    /// on the queue once a slot is free (unless a write has failed meanwhile) and `finally`
    /// after it.
    private func enqueue(
        _ empty: Bool, finally: @escaping @Sendable () -> Void = {},
        _ write: @escaping @Sendable (any SequentialOutput) throws -> Void
    ) throws {
        if let failure = queue.sync(execute: { failure }) { throw failure }
        guard !empty else { return }
        slots.wait()
        queue.async { [self] in
            defer {
                finally()
                slots.signal()
            }
            guard failure == nil else { return }
            do { try write(output) } catch { failure = error }
        }
    }

    /// Waits for the pending writes, then closes the file; throws the first failure.
    public func close() throws {
        try queue.sync {
            if let failure { throw failure }
            try output.close()
        }
    }
}
