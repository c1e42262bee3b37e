#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sequential writes to a new file with POSIX `write(2)`, for the same reason `FileInput` exists:
/// nothing written is kept resident by the writer.
public final class FileOutput: SequentialOutput {
    public let path: String
    private var fd: Int32

    /// Creates (or truncates) the file with `mode` (before the umask). Spill files pass 0o600:
    /// they hold study data nobody else needs to read.
    public init(creating path: String, mode: mode_t = 0o644) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        if fd < 0 { throw FileIOError(.open, path: path, code: errno) }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    public func write(_ bytes: [UInt8]) throws {
        do {
            try bytes.withUnsafeBytes { try CompleteTransfer.write($0, to: fd) }
        } catch let error as CompleteTransfer.Failure {
            throw FileIOError(.write, path: path, code: error.code)
        }
    }

    public func close() throws {
        guard fd >= 0 else { return }
        let r = Glibc.close(fd)
        fd = -1
        if r != 0 { throw FileIOError(.close, path: path, code: errno) }
    }
}
