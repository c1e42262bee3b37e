/// Where a byte lies in a text, as an editor shows it: 1-based line and 1-based character
/// column. Lines end at LF, CRLF or a lone CR; a column counts characters (UTF-8 continuation
/// bytes start none), so a diagnostic points at the same place a user's editor does.
///
/// Fed in chunks (`advance`) so that a file of any size can be located while it streams.
public struct TextPosition: Sendable, Equatable {
    public private(set) var line = 1
    public private(set) var column = 1
    private var afterCR = false

    public init() {}

    /// Moves past `bytes`.
    public mutating func advance(over bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes { advance(over: b) }
    }

    @inline(__always)
    public mutating func advance(over b: UInt8) {
        if b == 0x0A {
            if afterCR { afterCR = false; return }   // the LF of a CRLF: the CR already ended the line
            line += 1; column = 1
        } else if b == 0x0D {
            line += 1; column = 1; afterCR = true
        } else {
            afterCR = false
            if b & 0xC0 != 0x80 { column += 1 }
        }
    }

    /// The position of byte `offset` of `bytes` (counted from their start).
    public static func of(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> TextPosition {
        var p = TextPosition()
        p.advance(over: UnsafeBufferPointer(rebasing: bytes[0..<min(offset, bytes.count)]))
        return p
    }
}

extension TextEncoding {
    /// The offset of the first byte that does not start a well-formed UTF-8 sequence (a sequence
    /// cut off by the end counts as malformed unless `final` is false, in which case the offset of
    /// the incomplete tail is returned as `incompleteTail`). nil when everything is valid.
    public static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool = true)
        -> (offset: Int, incompleteTail: Bool)? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            if b & 0xE0 == 0xC0 { if b < 0xC2 { return (i, false) }; length = 2 }
            else if b & 0xF0 == 0xE0 { length = 3 }
            else if b & 0xF8 == 0xF0 { if b > 0xF4 { return (i, false) }; length = 4 }
            else { return (i, false) }
            if i + length > n {
                // Only the bytes that are present can be judged.
                for k in 1..<(n - i) where bytes[i + k] & 0xC0 != 0x80 { return (i, false) }
                return (i, !final)
            }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return (i, false) }
            let b1 = bytes[i + 1]
            if length == 3 {
                if b == 0xE0 && b1 < 0xA0 { return (i, false) }      // overlong
                if b == 0xED && b1 >= 0xA0 { return (i, false) }     // surrogate
            } else if length == 4 {
                if b == 0xF0 && b1 < 0x90 { return (i, false) }
                if b == 0xF4 && b1 >= 0x90 { return (i, false) }
            }
            i += length
        }
        return nil
    }
}
