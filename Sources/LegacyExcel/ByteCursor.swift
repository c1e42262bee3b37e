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

    mutating func u16(_ what: String = "value") throws -> UInt16 {
        try need(2, what)
        defer { position += 2 }
        return UInt16(bytes[position]) | UInt16(bytes[position + 1]) << 8
    }

    mutating func u32(_ what: String = "value") throws -> UInt32 {
        try need(4, what)
        defer { position += 4 }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        return v
    }

    mutating func u64(_ what: String = "value") throws -> UInt64 {
        try need(8, what)
        defer { position += 8 }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        return v
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
    func u32(at offset: Int) -> UInt32? {
        guard offset >= 0, offset <= count - 4 else { return nil }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(self[offset + i]) << (8 * UInt32(i)) }
        return v
    }
}
