#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sequential reads of a file into a caller-owned buffer with POSIX `read(2)`. Foundation's
/// `FileHandle.read(upToCount:)` on Linux keeps what it read alive far longer than the caller
/// does (resident memory grew with every byte of a 600 MB export), so streaming readers and the
/// raw archive use this instead.
public final class FileInput {
    public let path: String
    fileprivate let fd: Int32

    public init?(path: String) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
    }

    deinit { close(fd) }

    /// Appends up to `count` bytes to `buffer`; returns how many were read (0 at end of file).
    /// Throws the errno on a read error.
    @discardableResult
    public func read(appendingTo buffer: inout [UInt8], count: Int) throws -> Int {
        // Read into scratch memory and append what arrived: appending `count` zeros first and
        // removing the unread tail costs a per-byte loop in debug builds (0.7 s per 1 MiB
        // chunk, for every file a test reads), where this is two memcpy-speed calls.
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { scratch.deallocate() }
        let got = try read(into: scratch)
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<got]).bindMemory(to: UInt8.self))
        return got
    }
}

extension FileInput {
    /// Fills `buffer` from the file (less only at the end); returns how many bytes were read.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        do {
            return try CompleteTransfer.run(buffer.count) { done in Glibc.read(fd, base + done, buffer.count - done) }
        } catch {
            throw FileIOError(.read, path: path, code: error.code)
        }
    }
}

/// A failed system call on a file, naming what was being done: a full disk while writing
/// cfb.csv says "write …", not "read …".
public struct FileIOError: Error, CustomStringConvertible, Sendable {
    public enum Operation: String, Sendable {
        case open, read, write, close
    }

    public var operation: Operation
    public var path: String
    public var code: Int32
    public var description: String { "\(operation.rawValue) \(path): \(String(cString: strerror(code)))" }

    public init(_ operation: Operation, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }
}
