/// One 128-byte directory entry ([MS-CFB] 2.6): a storage, a stream or the root.
struct CompoundFileEntry {
    enum Kind: UInt8 {
        case unused = 0
        case storage = 1
        case stream = 2
        case root = 5
    }

    static let noSibling: UInt32 = 0xFFFF_FFFF

    var name: String
    var kind: Kind
    var left: UInt32
    var right: UInt32
    var child: UInt32
    var startSector: UInt32
    var size: UInt64

    /// Decodes entry `index` from the directory bytes; nil for an unused slot.
    init?(directory: [UInt8], index: Int, majorVersion: UInt16) throws {
        var c = ByteCursor(directory, stream: nil, position: index * 128)
        let nameBytes = try c.take(64, "directory entry name")
        let nameLength = Int(try c.u16("directory entry name length"))
        let rawKind = try c.u8("directory entry type")
        guard let kind = Kind(rawValue: rawKind) else {
            throw c.error("directory entry \(index) has type \(rawKind), not storage, stream or root")
        }
        if kind == .unused { return nil }
        guard nameLength >= 2, nameLength <= 64, nameLength % 2 == 0 else {
            throw c.error("directory entry \(index) has a name length of \(nameLength) bytes (2…64, even)")
        }
        // The length counts the terminating NUL.
        var units: [UInt16] = []
        for k in 0..<((nameLength - 2) / 2) {
            let j = nameBytes.startIndex + 2 * k
            units.append(UInt16(nameBytes[j]) | UInt16(nameBytes[j + 1]) << 8)
        }
        name = String(decoding: units, as: UTF16.self)
        self.kind = kind
        _ = try c.u8("colour")
        left = try c.u32()
        right = try c.u32()
        child = try c.u32()
        try c.skip(16 + 4 + 8 + 8, "class id, state and times")
        startSector = try c.u32()
        let rawSize = try c.u64()
        // Version 3 files may leave garbage in the high half ([MS-CFB] 2.6.3).
        size = majorVersion == 3 ? rawSize & 0xFFFF_FFFF : rawSize
    }
}
