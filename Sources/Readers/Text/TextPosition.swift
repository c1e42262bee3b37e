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
            if afterCR {
                afterCR = false
                return
            } // the LF of a CRLF: the CR already ended the line
            line += 1
            column = 1
        } else if b == 0x0D {
            line += 1
            column = 1
            afterCR = true
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
