/// Little-endian reads from a byte array with every access bounds-checked: a hostile file can
/// name any offset or length, so nothing here traps; a read past the end throws.
struct ByteCursor {
    let bytes: [UInt8]
    /// Where the bytes came from, for errors.
    let stream: String?
    /// Offset of `bytes[0]` in that stream, so errors name the stream offset.
    let base: Int
    var position: Int

    init(_ bytes: [UInt8], stream: String?, base: Int = 0, position: Int = 0) {
        self.bytes = bytes
        self.stream = stream
        self.base = base
        self.position = position
    }

    var remaining: Int { max(0, bytes.count - position) }
    var isAtEnd: Bool { position >= bytes.count }

    func error(_ message: String, at offset: Int? = nil) -> LegacyExcelError {
        LegacyExcelError(message, stream: stream, offset: base + (offset ?? position))
    }

    private mutating func need(_ n: Int, _ what: String) throws {
        guard n >= 0, position >= 0, n <= bytes.count - position else {
            throw error("\(what) needs \(n) bytes but only \(remaining) remain")
        }
    }

    mutating func u8(_ what: String = "value") throws -> UInt8 {
        try need(1, what)
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16(_ what: String = "value") throws -> UInt16 { try littleEndian(what) }
    mutating func u32(_ what: String = "value") throws -> UInt32 { try littleEndian(what) }
    mutating func u64(_ what: String = "value") throws -> UInt64 { try littleEndian(what) }

    private mutating func littleEndian<T: FixedWidthInteger & UnsignedInteger>(_ what: String) throws -> T {
        try need(MemoryLayout<T>.size, what)
        defer { position += MemoryLayout<T>.size }
        return bytes.littleEndian(at: position)!
    }

    mutating func f64(_ what: String = "value") throws -> Double {
        Double(bitPattern: try u64(what))
    }

    mutating func take(_ n: Int, _ what: String = "bytes") throws -> ArraySlice<UInt8> {
        try need(n, what)
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func skip(_ n: Int, _ what: String = "bytes") throws {
        try need(n, what)
        position += n
    }
}

extension Array where Element == UInt8 {
    /// A little-endian UInt32 at `offset`, nil past the end.
    func u32(at offset: Int) -> UInt32? { littleEndian(at: offset) }

    /// The little-endian integer of `T`'s width at `offset`, nil past the end: the one decoding
    /// of integers in compound files and BIFF records.
    func littleEndian<T: FixedWidthInteger & UnsignedInteger>(at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= count - size else { return nil }
        var v: T = 0
        for i in 0..<size { v |= T(self[offset + i]) << (8 * i) }
        return v
    }
}
