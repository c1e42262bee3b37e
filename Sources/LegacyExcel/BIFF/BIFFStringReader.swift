import Foundation

/// Reads BIFF8 Unicode strings ([MS-XLS] 2.5.293 XLUnicodeRichExtendedString and 2.5.294
/// XLUnicodeString) from a record body continued in CONTINUE records.
///
/// Characters are stored one byte each ("compressed": UTF-16 with the high byte zero) or two
/// bytes each. When the characters of a string run into a CONTINUE record, that record begins
/// with a fresh flags byte whose bit 0 says how the remaining characters are stored, so one
/// string may switch width half-way. Other fields simply continue in the next record.
struct BIFFStringReader {
    private let segments: [BIFFRecord]
    private let stream: String
    private var segment = 0
    private var position = 0

    init(_ first: BIFFRecord, continuations: [BIFFRecord], stream: String) {
        segments = [first] + continuations
        self.stream = stream
    }

    /// Stream offset of the next byte, for errors.
    var offset: Int {
        guard segment < segments.count else { return (segments.last.map { $0.offset + 4 + $0.body.count }) ?? 0 }
        return segments[segment].offset + 4 + position
    }

    var isAtEnd: Bool {
        var s = segment, p = position
        while s < segments.count {
            if p < segments[s].body.count { return false }
            s += 1
            p = 0
        }
        return true
    }

    private func error(_ message: String) -> LegacyExcelError {
        LegacyExcelError(message, stream: stream, offset: offset)
    }

    /// One byte, moving into the next CONTINUE record when this one is used up.
    mutating func u8(_ what: String) throws -> UInt8 {
        while segment < segments.count, position >= segments[segment].body.count {
            segment += 1
            position = 0
        }
        guard segment < segments.count else { throw error("\(what) runs past the last CONTINUE record") }
        defer { position += 1 }
        return segments[segment].body[position]
    }

    mutating func u16(_ what: String) throws -> UInt16 {
        let lo = try u8(what), hi = try u8(what)
        return UInt16(lo) | UInt16(hi) << 8
    }

    mutating func u32(_ what: String) throws -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(try u8(what)) << (8 * UInt32(i)) }
        return v
    }

    mutating func skip(_ n: Int, _ what: String) throws {
        guard n >= 0 else { throw error("\(what) has a negative length") }
        var left = n
        while left > 0 {
            guard segment < segments.count else { throw error("\(what) (\(n) bytes) runs past the last CONTINUE record") }
            let available = segments[segment].body.count - position
            if available <= 0 {
                segment += 1
                position = 0
                continue
            }
            let step = min(available, left)
            position += step
            left -= step
        }
    }

    /// `count` characters; at a record boundary inside them, a new flags byte is read first.
    mutating func characters(_ count: Int, highByte: Bool, what: String) throws -> String {
        var units: [UInt16] = []
        units.reserveCapacity(count)
        var wide = highByte
        while units.count < count {
            guard segment < segments.count else { throw error("\(what): characters run past the last CONTINUE record") }
            if position >= segments[segment].body.count {
                segment += 1
                position = 0
                guard segment < segments.count, !segments[segment].body.isEmpty else {
                    throw error("\(what): \(count - units.count) of \(count) characters missing at the end of the record")
                }
                wide = segments[segment].body[0] & 0x01 != 0
                position = 1
                continue
            }
            let body = segments[segment].body
            if wide {
                guard position + 1 < body.count else { throw error("\(what): a two-byte character is split across records") }
                units.append(UInt16(body[position]) | UInt16(body[position + 1]) << 8)
                position += 2
            } else {
                units.append(UInt16(body[position]))
                position += 1
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// An XLUnicodeRichExtendedString (the SST's strings): cch, flags, optional run and
    /// phonetic counts, characters, then the runs and phonetic data, which are skipped.
    mutating func richExtendedString() throws -> String {
        let (text, runs, phonetic) = try flaggedString()
        try skip(4 * runs, "formatting runs")
        guard phonetic >= 0, phonetic <= 1 << 24 else { throw error("phonetic data claims \(phonetic) bytes") }
        try skip(phonetic, "phonetic data")
        return text
    }

    /// An XLUnicodeString (LABEL, STRING): 16-bit count, flags, characters. The trailing data
    /// of a cell string is not needed.
    mutating func unicodeString() throws -> String {
        try flaggedString().text
    }

    /// The part both string forms share: 16-bit count, flags, the run and phonetic counts the
    /// flags announce, then the characters.
    private mutating func flaggedString() throws -> (text: String, runs: Int, phonetic: Int) {
        let count = Int(try u16("string length"))
        let flags = try u8("string flags")
        let runs = flags & 0x08 != 0 ? Int(try u16("formatting run count")) : 0
        let phonetic = flags & 0x04 != 0 ? Int(try u32("phonetic data size")) : 0
        let text = try characters(count, highByte: flags & 0x01 != 0, what: "string")
        return (text, runs, phonetic)
    }
}

/// 8-bit strings of BIFF5/BIFF7 workbooks, in the workbook's CODEPAGE.
enum LegacyCodePage {
    static func encoding(_ codePage: UInt16) -> String.Encoding {
        switch codePage {
        case 1250: return .windowsCP1250
        case 1251: return .windowsCP1251
        case 1253: return .windowsCP1253
        case 1254: return .windowsCP1254
        case 10000, 0x8000: return .macOSRoman
        case 932: return .shiftJIS
        case 65001: return .utf8
        case 20127, 367: return .ascii
        default: return .windowsCP1252 // 1252 and Excel's default ANSI page
        }
    }

    static func decode<C: Collection>(_ bytes: C, codePage: UInt16) -> String where C.Element == UInt8 {
        let data = Data(bytes)
        if let s = String(data: data, encoding: encoding(codePage)) { return s }
        // Bytes the code page does not define: keep them readable rather than lose the cell.
        return String(decoding: data.map { UInt16($0) }, as: UTF16.self)
    }
}
