#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sequential writes to a new file that bypass the page cache (`O_DIRECT`) where the file system
/// allows it, for large outputs written once and not read back by the writer (`cfb.csv`).
///
/// Why: a buffered `write(2)` of a multi-gigabyte table costs the kernel a copy of every byte into
/// freshly allocated page-cache pages, then the writeback threads' work — about a tenth of a CFB-only
/// report's CPU, on a machine whose two cores are both busy. A direct write is a DMA from our
/// buffer to the device; the only copy left is into an aligned staging buffer, in user space,
/// from memory the formatter has just written.
///
/// `O_DIRECT` needs the buffer, the file offset and the length aligned to the device's block:
/// bytes are gathered in a staging buffer of whole `block`s, written whenever full; `close`
/// writes the last, partial block padded with zeros, then truncates the file to the bytes
/// actually written. Where the file system refuses direct I/O (tmpfs before Linux 6.6, some
/// network mounts: usually EINVAL, on `open` or on a write), the same bytes go through ordinary
/// buffered writes instead, so the file is the same either way.
public final class DirectFileOutput: SequentialOutput {
    public let path: String
    private var fd: Int32
    private var direct: Bool
    /// Alignment of offsets, lengths and the staging buffer: 4096 satisfies every logical block
    /// size Linux file systems use for direct I/O.
    static let block = 4096
    /// `O_DIRECT`, which Glibc's Swift module does not export (it sits behind `_GNU_SOURCE`):
    /// the kernel's value per architecture; 0 where there is none (then writes are buffered).
    #if os(Linux) && (arch(x86_64) || arch(i386))
        static let directFlag: Int32 = 0o40000
    #elseif os(Linux) && (arch(arm64) || arch(arm))
        static let directFlag: Int32 = 0o200000
    #else
        static let directFlag: Int32 = 0
    #endif
    private let staging: UnsafeMutableRawBufferPointer
    private var staged = 0
    /// Bytes written to the file so far (its final length once `close` has truncated it).
    private var written = 0
    /// The write itself: `CompleteTransfer.write`, or in tests one that refuses direct writes
    /// partway, as a file system may, to exercise the fallback.
    typealias Transfer = (UnsafeRawBufferPointer, Int32) throws(CompleteTransfer.Failure) -> Void
    private let transfer: Transfer

    public convenience init(creating path: String, mode: mode_t = 0o644, stagingBytes: Int = 8 << 20) throws {
        try self.init(creating: path, mode: mode, stagingBytes: stagingBytes, transfer: CompleteTransfer.write)
    }

    init(creating path: String, mode: mode_t = 0o644, stagingBytes: Int = 8 << 20, transfer: @escaping Transfer) throws {
        self.path = path
        self.transfer = transfer
        let capacity = max(Self.block, stagingBytes / Self.block * Self.block)
        var fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | Self.directFlag, mode)
        direct = fd >= 0 && Self.directFlag != 0
        // Whatever the refusal (EINVAL is usual), the buffered open decides: its error is the one
        // that says what is wrong with the path.
        if fd < 0 { fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode) }
        if fd < 0 { throw FileIOError(.open, path: path, code: errno) }
        self.fd = fd
        // Backed by huge pages where the system allows it: each direct write pins the pages it
        // reads and releases them when the device is done, per 4 KiB page, or once per 2 MiB one.
        staging = .allocate(byteCount: capacity, alignment: HugePages.alignment)
        HugePages.advise(staging.baseAddress!, byteCount: capacity)
    }

    deinit {
        staging.deallocate()
        if fd >= 0 { Glibc.close(fd) }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { source in
            var from = 0
            while from < source.count {
                let n = min(staging.count - staged, source.count - from)
                UnsafeMutableRawBufferPointer(rebasing: staging[staged..<(staged + n)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[from..<(from + n)]))
                staged += n
                from += n
                if staged == staging.count { try flush(staged) }
            }
        }
    }

    /// Writes the first `count` staged bytes (whole blocks, or any length once direct I/O is
    /// off) and keeps the rest at the front of the staging buffer.
    private func flush(_ count: Int) throws {
        guard count > 0 else { return }
        do {
            try transfer(UnsafeRawBufferPointer(rebasing: staging[0..<count]), fd)
        } catch {
            // A direct write refused (EINVAL is usual: the file system takes O_DIRECT on open
            // but not these writes): go on buffered, from the end of what was written before
            // this flush. A real failure (a full disk) fails the buffered write too, and is thrown.
            guard direct else { throw FileIOError(.write, path: path, code: error.code) }
            try stopDirectIO()
            return try flush(count)
        }
        written += count
        let rest = staged - count
        if rest > 0 { staging.baseAddress!.copyMemory(from: staging.baseAddress! + count, byteCount: rest) }
        staged = rest
    }

    private func stopDirectIO() throws {
        let flags = fcntl(fd, F_GETFL)
        if flags < 0 || fcntl(fd, F_SETFL, flags & ~Self.directFlag) != 0 || lseek(fd, off_t(written), SEEK_SET) < 0 {
            throw FileIOError(.write, path: path, code: errno)
        }
        direct = false
    }

    public func close() throws {
        guard fd >= 0 else { return }
        // On a failure the descriptor stays open for `deinit` to close.
        if direct && staged % Self.block != 0 {
            // The last partial block, padded to a whole one, then the padding cut off.
            let length = written + staged
            let padded = (staged + Self.block - 1) / Self.block * Self.block
            (staging.baseAddress! + staged).initializeMemory(as: UInt8.self, repeating: 0, count: padded - staged)
            staged = padded
            try flush(padded)
            if ftruncate(fd, off_t(length)) != 0 { throw FileIOError(.write, path: path, code: errno) }
            written = length
        } else {
            try flush(staged)
        }
        let r = Glibc.close(fd)
        fd = -1
        if r != 0 { throw FileIOError(.close, path: path, code: errno) }
    }
}
