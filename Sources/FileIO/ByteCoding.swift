#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A compact binary encoding for records spilled to disk by external (out-of-memory)
/// algorithms: little-endian fixed-width numbers and length-prefixed UTF-8 strings. Not a file
/// format: spill files are written and read back by the same process.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public var count: Int { bytes.count }

    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    public mutating func write(_ v: UInt8) { bytes.append(v) }

    /// `count` bytes laid out by `body` (little-endian, as the other writes), appended at once:
    /// a fixed-size row in one append instead of one per field.
    public mutating func write(count: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) {
        withUnsafeTemporaryAllocation(byteCount: count, alignment: 8) { row in
            body(row)
            bytes.append(contentsOf: UnsafeRawBufferPointer(row))
        }
    }

    /// Everything `other` holds, as if written here.
    public mutating func write(contentsOf other: ByteWriter) { bytes.append(contentsOf: other.bytes) }

    public mutating func write(_ v: Int64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ v: Int32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ v: Double) { write(Int64(bitPattern: v.bitPattern)) }

    /// Nil as the tag 0, a value as 1 then the value.
    public mutating func write(_ v: Double?) {
        if let v {
            write(UInt8(1))
            write(v)
        } else {
            write(UInt8(0))
        }
    }

    public mutating func write(_ v: Int?) {
        if let v {
            write(UInt8(1))
            write(Int64(v))
        } else {
            write(UInt8(0))
        }
    }

    public mutating func write(_ v: Bool) { write(UInt8(v ? 1 : 0)) }

    public mutating func write(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            write(Int64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads what `ByteWriter` wrote, in the same order. Reading past the end is a programming
/// error (the spill file was written by this process), so it traps rather than throws.
public struct ByteReader {
    private let bytes: [UInt8]
    public private(set) var offset = 0
    /// The last string read per slot (see `readString(slot:)`).
    private var recent: [String] = []

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var atEnd: Bool { offset >= bytes.count }

    public mutating func readByte() -> UInt8 {
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readInt64() -> Int64 { readLittleEndian(Int64.self) }

    public mutating func readInt32() -> Int32 { readLittleEndian(Int32.self) }

    private mutating func readLittleEndian<T: FixedWidthInteger>(_: T.Type) -> T {
        let size = MemoryLayout<T>.size
        precondition(offset + size <= bytes.count, "spill record truncated")
        defer { offset += size }
        return bytes.withUnsafeBytes { $0.loadLittleEndian(at: offset, as: T.self) }
    }

    public mutating func readDouble() -> Double { Double(bitPattern: UInt64(bitPattern: readInt64())) }

    /// The next `count` bytes, read in place by `body` (fixed-size rows decoded column by column
    /// rather than value by value), then skipped.
    public mutating func read<R>(bytes count: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        precondition(count >= 0 && offset + count <= bytes.count, "spill record truncated")
        defer { offset += count }
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[offset..<offset + count])) }
    }

    public mutating func readOptionalDouble() -> Double? { readByte() == 1 ? readDouble() : nil }

    public mutating func readOptionalInt() -> Int? { readByte() == 1 ? Int(readInt64()) : nil }

    public mutating func readBool() -> Bool { readByte() == 1 }

    /// Like `readString()`, but when the bytes equal the last string read in the same `slot`
    /// that string is returned, sharing its storage: records read back by the million repeat
    /// their study, parameter and unit, and would otherwise each allocate a copy.
    public mutating func readString(slot: Int) -> String {
        let n = Int(readInt64())
        precondition(n >= 0 && offset + n <= bytes.count, "spill record truncated")
        defer { offset += n }
        if slot >= recent.count { recent += Array(repeating: "", count: slot - recent.count + 1) }
        let same = bytes.withUnsafeBufferPointer { all -> Bool in
            var last = recent[slot]
            return last.withUTF8 { $0.count == n && (n == 0 || memcmp($0.baseAddress!, all.baseAddress! + offset, n) == 0) }
        }
        if same { return recent[slot] }
        let s = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[offset..<offset + n]), as: UTF8.self) }
        recent[slot] = s
        return s
    }

    public mutating func readString() -> String {
        let n = Int(readInt64())
        precondition(n >= 0 && offset + n <= bytes.count, "spill record truncated")
        defer { offset += n }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[offset..<offset + n]), as: UTF8.self) }
    }
}

/// Fixed-size rows (a spill row laid out in one `ByteWriter.write(count:)`, decoded in place from
/// `ByteReader.read(bytes:)`): values at byte offsets, little-endian as `ByteWriter` writes them
/// one after the other. Inlinable: they run per field per row in another module.
extension UnsafeMutableRawBufferPointer {
    @inlinable public func storeLittleEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }

    @inlinable public func storeLittleEndian(_ value: Double, at offset: Int) { storeLittleEndian(value.bitPattern, at: offset) }
}

extension UnsafeRawBufferPointer {
    @inlinable public func loadLittleEndian<T: FixedWidthInteger>(at offset: Int, as _: T.Type = T.self) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    @inlinable public func loadDouble(at offset: Int) -> Double { Double(bitPattern: loadLittleEndian(at: offset, as: UInt64.self)) }
}
