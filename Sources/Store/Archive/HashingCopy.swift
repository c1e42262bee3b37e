import Dispatch
import FileIO
import Foundation

/// Copies a file into the archive while hashing it, in one pass with bounded memory: each 1 MiB
/// chunk is hashed on the calling thread while the previous one is written on a queue of its
/// own, so archiving a large export costs about the hashing alone rather than hashing plus
/// writing (nothing else runs during archiving, so the second core is free). The digest is of
/// exactly the bytes written: both come from the same buffer.
final class HashingCopy: @unchecked Sendable {
    private static let chunk = 1 << 20
    private let buffers: [UnsafeMutableRawBufferPointer]
    private let writes = DispatchQueue(label: "immunopipe.raw-archive.write")
    /// Buffers not being written: the reader waits for one before reading into it.
    private let free = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var writeError: Int32 = 0

    init() {
        buffers = (0..<2).map { _ in .allocate(byteCount: Self.chunk, alignment: 64) }
    }

    deinit { buffers.forEach { $0.deallocate() } }

    /// Copies `input` to the open file `output`, feeding every byte to `hasher`; returns the size.
    func copy(_ input: FileInput, to output: Int32, hashing hasher: inout SHA256Hasher) throws -> Int64 {
        var size: Int64 = 0
        var k = 0
        defer { writes.sync {} }
        while true {
            free.wait()
            let buffer = buffers[k & 1]
            let n: Int
            do { n = try input.read(into: buffer) } catch {
                free.signal()
                throw error
            }
            if n == 0 {
                free.signal()
                break
            }
            let bytes = Chunk(bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            writes.async { [self] in
                let failed = Self.writeAll(output, bytes.bytes)
                if failed != 0 {
                    lock.lock()
                    writeError = failed
                    lock.unlock()
                }
                free.signal()
            }
            hasher.update(bytes.bytes)
            size += Int64(n)
            k += 1
            if let e = failure() {
                writes.sync {}
                throw StoreError.io("write to the archive", e)
            }
        }
        writes.sync {}
        if let e = failure() { throw StoreError.io("write to the archive", e) }
        return size
    }

    private func failure() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        return writeError == 0 ? nil : writeError
    }

    /// Writes all of `bytes`; returns 0 or the errno.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return 0
    }

    /// A chunk handed to the write queue; its buffer is not reused until the write signals.
    private struct Chunk: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
    }
}
