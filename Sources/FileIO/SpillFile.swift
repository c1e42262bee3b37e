#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One append-only scratch file of an external algorithm: records are encoded into a buffer
/// that is written out whenever it passes `bufferSize`, so memory stays at one buffer however
/// many records pass through. `readAll` returns the whole file's bytes for a `ByteReader`.
public final class SpillFile {
    public let path: String
    private var output: FileOutput?
    private var buffer: ByteWriter
    private let bufferSize: Int
    public private(set) var records = 0
    private var bytesWritten = 0

    public init(path: String, bufferSize: Int = 1 << 16) throws {
        self.path = path
        self.bufferSize = bufferSize
        buffer = ByteWriter(capacity: bufferSize)
        output = try FileOutput(creating: path, mode: 0o600)
    }

    /// Encodes one record with `encode` and counts it.
    public func append(_ encode: (inout ByteWriter) -> Void) throws {
        encode(&buffer)
        records += 1
        if buffer.count >= bufferSize { try flush() }
    }

    /// Appends `count` records already encoded (on another thread) into `encoded`.
    /// A batch larger than the buffer's room goes straight to the file (after what is buffered),
    /// so the buffer never grows beyond `bufferSize` plus one record.
    public func append(encoded: ByteWriter, count: Int) throws {
        records += count
        if buffer.count + encoded.count < bufferSize {
            buffer.write(contentsOf: encoded)
            return
        }
        try flush()
        guard let output else { return }
        try output.write(encoded.bytes)
        bytesWritten += encoded.count
    }

    private func flush() throws {
        guard buffer.count > 0, let output else { return }
        try output.write(buffer.bytes)
        bytesWritten += buffer.count
        buffer.removeAll()
    }

    /// Flushes and closes the file for writing; reading needs this first.
    public func finishWriting() throws {
        try flush()
        try output?.close()
        output = nil
    }

    /// Every byte written (after `finishWriting`).
    public func readAll() throws -> [UInt8] {
        precondition(output == nil, "finishWriting() before readAll()")
        guard let input = FileInput(path: path) else { throw FileIOError(.open, path: path, code: ENOENT) }
        // Read straight into the array's storage (advised to huge pages when large): through a
        // scratch buffer and an append, every byte landed in two freshly faulted pages; spill
        // reads were close to half the page faults of a 10 M-row report.
        let count = bytesWritten
        let bytes = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard count > 0, let base = buffer.baseAddress else { return }
            HugePages.advise(base, byteCount: count)
            initialized = try input.read(into: UnsafeMutableRawBufferPointer(start: base, count: count))
        }
        guard bytes.count == bytesWritten else { throw FileIOError(.read, path: path, code: EIO) } // truncated behind our back
        return bytes
    }
}
