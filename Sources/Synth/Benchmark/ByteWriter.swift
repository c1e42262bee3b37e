import Foundation

/// A buffered byte writer for very large generated files: rows are assembled in a fixed 4 MiB
/// buffer with raw copies and hand-formatted numbers (no `String` per row), and the buffer is
/// written out whenever it fills, so memory stays flat whatever the file size.
final class ByteWriter {
    private let handle: FileHandle
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    private var used = 0
    private(set) var bytesWritten = 0

    init(path: String, capacity: Int = 4 << 20) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard fm.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = h
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        try? handle.close()
    }

    @inline(__always)
    private func ensure(_ n: Int) throws {
        if used + n > capacity { try flush() }
    }

    func flush() throws {
        guard used > 0 else { return }
        try handle.write(contentsOf: Data(bytesNoCopy: buffer, count: used, deallocator: .none))
        bytesWritten += used
        used = 0
    }

    func close() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
    }

    @inline(__always)
    func append(_ bytes: [UInt8]) throws {
        try ensure(bytes.count)
        bytes.withUnsafeBufferPointer { src in
            (buffer + used).update(from: src.baseAddress!, count: src.count)
        }
        used += bytes.count
    }

    @inline(__always)
    func append(byte: UInt8) throws {
        try ensure(1)
        buffer[used] = byte
        used += 1
    }

    /// A non-negative integer in decimal.
    @inline(__always)
    func append(integer: Int) throws {
        try ensure(20)
        var v = integer
        if v < 0 {
            buffer[used] = UInt8(ascii: "-")
            used += 1
            v = -v
        }
        var digits = 0
        var t = v
        repeat {
            digits += 1
            t /= 10
        } while t > 0
        var i = used + digits - 1
        repeat {
            buffer[i] = UInt8(ascii: "0") &+ UInt8(v % 10)
            v /= 10
            i -= 1
        } while v > 0
        used += digits
    }

    /// A number with a fixed count of decimals (1…6), rounded half away from zero.
    @inline(__always)
    func append(_ x: Double, decimals: Int) throws {
        try ensure(32)
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        var scaled = Int((abs(x) * Double(scale)).rounded())
        if x < 0 && scaled > 0 {
            buffer[used] = UInt8(ascii: "-")
            used += 1
        }
        let whole = scaled / scale
        scaled -= whole * scale
        try append(integer: whole)
        buffer[used] = UInt8(ascii: ".")
        used += 1
        var i = used + decimals - 1
        for _ in 0..<decimals {
            buffer[i] = UInt8(ascii: "0") &+ UInt8(scaled % 10)
            scaled /= 10
            i -= 1
        }
        used += decimals
    }
}
