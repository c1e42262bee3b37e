/// The 512-byte header of an OLE2 compound file ([MS-CFB] 2.2).
struct CompoundFileHeader {
    static let magic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    var majorVersion: UInt16
    /// 512 (version 3) or 4096 (version 4).
    var sectorSize: Int
    /// 64 in every valid file.
    var miniSectorSize: Int
    var directorySectorCount: UInt32
    var fatSectorCount: UInt32
    var firstDirectorySector: UInt32
    var miniStreamCutoff: UInt32
    var firstMiniFATSector: UInt32
    var miniFATSectorCount: UInt32
    var firstDIFATSector: UInt32
    var difatSectorCount: UInt32
    /// The first 109 FAT sector numbers, held in the header itself.
    var headerDIFAT: [UInt32]

    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 512 else {
            throw LegacyExcelError("the file is \(bytes.count) bytes, shorter than a compound file header (512)", offset: 0)
        }
        guard Array(bytes[0..<8]) == Self.magic else {
            throw LegacyExcelError("not an OLE2 compound file (no D0 CF 11 E0 A1 B1 1A E1 signature)", offset: 0)
        }
        var c = ByteCursor(Array(bytes[0..<512]), stream: nil, position: 0x1A)
        majorVersion = try c.u16()
        let byteOrder = try c.u16()
        guard byteOrder == 0xFFFE else {
            throw LegacyExcelError("byte order mark is 0x\(String(byteOrder, radix: 16)), not 0xFFFE", offset: 0x1C)
        }
        let sectorShift = try c.u16()
        let miniShift = try c.u16()
        switch (majorVersion, sectorShift) {
        case (3, 9), (4, 12): break
        default:
            throw LegacyExcelError(
                "version \(majorVersion) with sector shift \(sectorShift) is not a compound file layout (3/9 or 4/12)", offset: 0x1A)
        }
        guard miniShift == 6 else {
            throw LegacyExcelError("mini sector shift is \(miniShift), not 6", offset: 0x20)
        }
        sectorSize = 1 << Int(sectorShift)
        miniSectorSize = 1 << Int(miniShift)
        c.position = 0x28
        directorySectorCount = try c.u32()
        fatSectorCount = try c.u32()
        firstDirectorySector = try c.u32()
        _ = try c.u32() // transaction signature
        miniStreamCutoff = try c.u32()
        firstMiniFATSector = try c.u32()
        miniFATSectorCount = try c.u32()
        firstDIFATSector = try c.u32()
        difatSectorCount = try c.u32()
        var difat: [UInt32] = []
        for _ in 0..<109 { difat.append(try c.u32()) }
        headerDIFAT = difat
    }
}

/// Special sector numbers ([MS-CFB] 2.1).
enum SectorID {
    static let maxRegular: UInt32 = 0xFFFF_FFFA
    static let difat: UInt32 = 0xFFFF_FFFC
    static let fat: UInt32 = 0xFFFF_FFFD
    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let free: UInt32 = 0xFFFF_FFFF
}
