#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `read(2)` and `write(2)` may move fewer bytes than asked (a signal, a pipe, a large request):
/// this is the one loop that repeats them until everything has moved, retrying on EINTR.
public enum CompleteTransfer {
    /// The errno of a failed call.
    public struct Failure: Error, Sendable {
        public var code: Int32
    }

    /// Repeats `call(done)`, which moves bytes from offset `done` on and returns how many it moved
    /// (0 at the end of a file, negative with `errno` set on failure), until `count` bytes have
    /// moved or the end is reached. Returns the bytes moved.
    public static func run(_ count: Int, _ call: (_ done: Int) -> Int) throws(Failure) -> Int {
        var done = 0
        while done < count {
            let n = call(done)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(code: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Writes all of `bytes` to `fd`.
    public static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32) throws(Failure) {
        guard let base = bytes.baseAddress else { return }
        let written = try run(bytes.count) { done in Glibc.write(fd, base + done, bytes.count - done) }
        // write(2) returns 0 only for a zero-byte request; never lose the rest silently.
        if written < bytes.count { throw Failure(code: EIO) }
    }
}
