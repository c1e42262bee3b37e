/// Record types this reader acts on ([MS-XLS] 2.3); every other record is stepped over.
enum BIFFRecordType {
    static let bof: UInt16 = 0x0809
    static let eof: UInt16 = 0x000A
    static let boundSheet: UInt16 = 0x0085
    static let codePage: UInt16 = 0x0042
    static let dateMode: UInt16 = 0x0022
    static let filePass: UInt16 = 0x002F
    static let sst: UInt16 = 0x00FC
    static let continueRecord: UInt16 = 0x003C
    static let labelSST: UInt16 = 0x00FD
    static let label: UInt16 = 0x0204
    static let rString: UInt16 = 0x00D6
    static let number: UInt16 = 0x0203
    static let rk: UInt16 = 0x027E
    static let mulRK: UInt16 = 0x00BD
    static let formula: UInt16 = 0x0006
    static let string: UInt16 = 0x0207
    static let boolErr: UInt16 = 0x0205
}

/// One record: its type, where it starts in the stream, and its body.
struct BIFFRecord {
    var type: UInt16
    /// Stream offset of the record header.
    var offset: Int
    var body: [UInt8]

    /// A bounds-checked cursor over the body whose errors name the body's stream offset.
    func cursor(_ stream: String) -> ByteCursor {
        ByteCursor(body, stream: stream, base: offset + 4)
    }
}

/// Walks the records of a workbook stream from a given offset.
struct BIFFRecordReader {
    let stream: [UInt8]
    let name: String
    var position: Int

    init(stream: [UInt8], name: String, from position: Int = 0) {
        self.stream = stream
        self.name = name
        self.position = position
    }

    var isAtEnd: Bool { position >= stream.count }

    /// The record at the current position, or nil at the end of the stream. A record whose
    /// declared length runs past the stream is an error naming its offset.
    mutating func next() throws -> BIFFRecord? {
        guard position + 4 <= stream.count else {
            if position < stream.count, stream[position...].contains(where: { $0 != 0 }) {
                throw LegacyExcelError("a record header is cut off by the end of the stream", stream: name, offset: position)
            }
            return nil
        }
        var c = ByteCursor(stream, stream: name, position: position)
        let type = try c.u16()
        let length = Int(try c.u16())
        // [MS-XLS] caps a record body at 8,224 bytes; larger is damage, not data.
        guard length <= 8224 else {
            throw LegacyExcelError(
                "record 0x\(String(type, radix: 16)) declares \(length) bytes, more than the 8,224 a record may hold",
                stream: name, offset: position)
        }
        guard length <= c.remaining else {
            throw LegacyExcelError(
                "record 0x\(String(type, radix: 16)) declares \(length) bytes but the stream ends after \(c.remaining)",
                stream: name, offset: position)
        }
        let record = BIFFRecord(type: type, offset: position, body: Array(stream[(position + 4)..<(position + 4 + length)]))
        position += 4 + length
        return record
    }

    /// The bodies of the CONTINUE records directly after the current position (consumed).
    mutating func continuations() throws -> [BIFFRecord] {
        var out: [BIFFRecord] = []
        while true {
            let saved = position
            guard let r = try next() else { break }
            guard r.type == BIFFRecordType.continueRecord else {
                position = saved
                break
            }
            out.append(r)
        }
        return out
    }
}
