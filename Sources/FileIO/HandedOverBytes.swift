/// Bytes handed to a writer that gives the array back once written (`QueuedFileOutput.write(_:then:)`),
/// so that the producer can fill the same memory again: the box is what the producer keeps, the
/// array leaves it when written, and is then the receiver's only reference (no copy on reuse).
public final class HandedOverBytes: @unchecked Sendable {
    // Unchecked: `bytes` is read and taken on the writer's queue only, after the handover.
    private var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isEmpty: Bool { bytes.isEmpty }

    /// The bytes, left empty here.
    func take() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    func withBytes<R>(_ body: ([UInt8]) throws -> R) rethrows -> R { try body(bytes) }
}
