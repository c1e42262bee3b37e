/// The character encodings lab exports arrive in. FlowJo 9 on a Mac writes MacRoman; Excel on
/// Windows re-saves as Windows-1252; everything else should be UTF-8 (with or without a BOM).
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case windows1252 = "Windows-1252"
    case macRoman = "MacRoman"

    /// Decodes bytes that are known to be in this encoding. For the 8-bit encodings every byte is
    /// a character, so nothing can be lost; for UTF-8 the caller has validated the bytes.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252, .macRoman:
            var ascii = true
            for b in bytes where b >= 0x80 {
                ascii = false
                break
            }
            if ascii { return String(decoding: bytes, as: UTF8.self) }
            let table = self == .macRoman ? Self.macRomanHigh : Self.windows1252High
            var scalars = String.UnicodeScalarView()
            scalars.reserveCapacity(bytes.count)
            for b in bytes {
                let value = b < 0x80 ? UInt32(b) : table[Int(b - 0x80)]
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            }
            return String(scalars)
        }
    }

    /// Windows-1252 bytes 0x80–0xFF. The five bytes cp1252 leaves undefined map to the C1
    /// controls of the same value, as browsers do, so no byte is dropped.
    static let windows1252High: [UInt32] =
        [
            0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
            0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
        ] + (0xA0...0xFF).map { UInt32($0) }

    /// MacRoman bytes 0x80–0xFF (Apple's mapping, with 0xDB as the euro sign).
    static let macRomanHigh: [UInt32] = [
        0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
        0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
        0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
        0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
        0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB, 0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
        0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
        0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
        0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
    ]

    /// True when the bytes are well-formed UTF-8.
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        firstInvalidUTF8(bytes) == nil
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence (a sequence
    /// cut off by the end counts as malformed unless `final` is false, in which case the offset of
    /// the incomplete tail is returned as `incompleteTail`). nil when everything is valid.
    public static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool = true)
        -> (offset: Int, incompleteTail: Bool)?
    {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            if b & 0xE0 == 0xC0 {
                if b < 0xC2 { return (i, false) }
                length = 2
            } else if b & 0xF0 == 0xE0 {
                length = 3
            } else if b & 0xF8 == 0xF0 {
                if b > 0xF4 { return (i, false) }
                length = 4
            } else {
                return (i, false)
            }
            if i + length > n {
                // Only the bytes that are present can be judged.
                for k in 1..<(n - i) where bytes[i + k] & 0xC0 != 0x80 { return (i, false) }
                return (i, !final)
            }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return (i, false) }
            let b1 = bytes[i + 1]
            if length == 3 {
                if b == 0xE0 && b1 < 0xA0 { return (i, false) } // overlong
                if b == 0xED && b1 >= 0xA0 { return (i, false) } // surrogate
            } else if length == 4 {
                if b == 0xF0 && b1 < 0x90 { return (i, false) }
                if b == 0xF4 && b1 >= 0x90 { return (i, false) }
            }
            i += length
        }
        return nil
    }

    /// Chooses the encoding of a file from its first bytes. A UTF-8 BOM or valid UTF-8 wins;
    /// otherwise a file with classic-Mac CR-only line endings is MacRoman, anything else
    /// Windows-1252. The fallbacks are warned about by the caller.
    public static func detect(_ head: UnsafeBufferPointer<UInt8>, complete: Bool) -> (TextEncoding, bomLength: Int) {
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { return (.utf8, 3) }
        // A truncated head may end inside a multi-byte sequence: trim up to 3 trailing bytes.
        var end = head.count
        if !complete {
            var k = 0
            while k < 3, end > 0, head[end - 1] & 0xC0 == 0x80 {
                end -= 1
                k += 1
            }
            if end > 0, head[end - 1] >= 0xC0 { end -= 1 }
        }
        if isValidUTF8(UnsafeBufferPointer(rebasing: head[0..<end])) { return (.utf8, 0) }
        var cr = 0, lf = 0
        for b in head { if b == 0x0D { cr += 1 } else if b == 0x0A { lf += 1 } }
        return (cr > 0 && lf == 0 ? .macRoman : .windows1252, 0)
    }
}
