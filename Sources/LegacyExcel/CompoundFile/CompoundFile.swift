/// A read-only OLE2 compound file ([MS-CFB]): the FAT-chained "file system inside a file" that
/// Excel 97-2003 (`.xls`), Word and PowerPoint documents are stored in.
///
/// Only what a reader needs: the header, the FAT (through the header and DIFAT sectors), the
/// directory, the mini stream and mini FAT, and whole streams of the root storage by name.
/// Every sector number, chain and size comes from the file, so each is checked: sector numbers
/// against the file, chains for cycles and early ends, sizes against what the chain can hold.
public struct CompoundFile: Sendable {
    /// Streams larger than this are refused: a legacy workbook is at most a few tens of MB and
    /// the bound keeps a hostile size field from exhausting memory.
    public static let maximumStreamSize = 256 << 20

    private let bytes: [UInt8]
    private let sectorSize: Int
    private let miniSectorSize: Int
    private let miniStreamCutoff: UInt64
    private let fat: [UInt32]
    private let miniFAT: [UInt32]
    private let miniStream: [UInt8]
    private let entries: [Int: CompoundFileEntry]
    private let rootChild: UInt32

    public init(bytes: [UInt8]) throws {
        let header = try CompoundFileHeader(bytes)
        self.bytes = bytes
        sectorSize = header.sectorSize
        miniSectorSize = header.miniSectorSize
        miniStreamCutoff = UInt64(header.miniStreamCutoff)
        let sectorCount = max(0, (bytes.count - sectorSize + sectorSize - 1) / sectorSize)

        // FAT sector numbers: 109 in the header, then a chain of DIFAT sectors.
        guard header.fatSectorCount <= UInt32(sectorCount) else {
            throw LegacyExcelError(
                "the header claims \(header.fatSectorCount) FAT sectors in a file of \(sectorCount) sectors", offset: 0x2C)
        }
        var fatSectors = header.headerDIFAT.prefix(Int(header.fatSectorCount)).map { $0 }
        var difatSector = header.firstDIFATSector
        var visitedDIFAT = Set<UInt32>()
        let perDIFAT = sectorSize / 4 - 1
        while fatSectors.count < Int(header.fatSectorCount) {
            guard difatSector <= SectorID.maxRegular, Int(difatSector) < sectorCount else {
                throw LegacyExcelError(
                    "DIFAT chain ends (sector \(difatSector)) with \(fatSectors.count) of \(header.fatSectorCount) FAT sectors found",
                    offset: 0x44)
            }
            guard visitedDIFAT.insert(difatSector).inserted else {
                throw LegacyExcelError("DIFAT chain loops back to sector \(difatSector)", offset: Self.offset(of: difatSector, sectorSize))
            }
            let base = Self.offset(of: difatSector, sectorSize)
            for k in 0..<perDIFAT where fatSectors.count < Int(header.fatSectorCount) {
                guard let s = bytes.u32(at: base + 4 * k) else {
                    throw LegacyExcelError("DIFAT sector \(difatSector) runs past the end of the file", offset: base)
                }
                fatSectors.append(s)
            }
            guard let next = bytes.u32(at: base + 4 * perDIFAT) else {
                throw LegacyExcelError("DIFAT sector \(difatSector) runs past the end of the file", offset: base)
            }
            difatSector = next
        }
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectors.count * sectorSize / 4)
        for (k, s) in fatSectors.enumerated() {
            guard s <= SectorID.maxRegular, Int(s) < sectorCount else {
                throw LegacyExcelError(
                    "FAT sector \(k) is sector \(s), outside the file's \(sectorCount) sectors", offset: 0x4C + 4 * min(k, 108))
            }
            let base = Self.offset(of: s, sectorSize)
            for j in 0..<(sectorSize / 4) {
                guard let v = bytes.u32(at: base + 4 * j) else {
                    throw LegacyExcelError("FAT sector \(s) runs past the end of the file", offset: base)
                }
                fat.append(v)
            }
        }
        self.fat = fat

        // The directory: a chain of sectors of 128-byte entries.
        let directory = try Self.chain(
            from: header.firstDirectorySector, fat: fat, bytes: bytes,
            sectorSize: sectorSize, size: nil, what: "directory")
        var entries: [Int: CompoundFileEntry] = [:]
        for index in 0..<(directory.count / 128) {
            if let e = try CompoundFileEntry(directory: directory, index: index, majorVersion: header.majorVersion) {
                entries[index] = e
            }
        }
        guard let root = entries[0], root.kind == .root else {
            throw LegacyExcelError(
                "directory entry 0 is not the root storage", offset: Self.offset(of: header.firstDirectorySector, sectorSize))
        }
        self.entries = entries
        rootChild = root.child

        // Mini stream (held in the root entry's chain) and the mini FAT.
        if root.size > 0 {
            guard root.size <= UInt64(Self.maximumStreamSize) else {
                throw LegacyExcelError(
                    "the mini stream claims \(root.size) bytes, more than the \(Self.maximumStreamSize >> 20) MiB allowed")
            }
            miniStream = try Self.chain(
                from: root.startSector, fat: fat, bytes: bytes, sectorSize: sectorSize,
                size: Int(root.size), what: "mini stream")
        } else {
            miniStream = []
        }
        if header.miniFATSectorCount > 0 {
            guard header.miniFATSectorCount <= UInt32(sectorCount) else {
                throw LegacyExcelError(
                    "the header claims \(header.miniFATSectorCount) mini FAT sectors in a file of \(sectorCount) sectors", offset: 0x40)
            }
            let raw = try Self.chain(
                from: header.firstMiniFATSector, fat: fat, bytes: bytes, sectorSize: sectorSize,
                size: Int(header.miniFATSectorCount) * sectorSize, what: "mini FAT")
            miniFAT = (0..<(raw.count / 4)).compactMap { raw.u32(at: 4 * $0) }
        } else {
            miniFAT = []
        }
    }

    /// Names of the streams directly in the root storage.
    public var rootStreamNames: [String] {
        rootChildren().compactMap { entries[$0].flatMap { $0.kind == .stream ? $0.name : nil } }
    }

    /// The whole content of a stream of the root storage (names compare case-insensitively, as
    /// [MS-CFB] says), or nil when there is none.
    public func stream(named name: String) throws -> [UInt8]? {
        let wanted = name.uppercased()
        guard let index = rootChildren().first(where: { entries[$0]?.kind == .stream && entries[$0]?.name.uppercased() == wanted }),
            let entry = entries[index]
        else { return nil }
        guard entry.size <= UInt64(Self.maximumStreamSize) else {
            throw LegacyExcelError(
                "stream '\(entry.name)' claims \(entry.size) bytes, more than the \(Self.maximumStreamSize >> 20) MiB allowed")
        }
        let size = Int(entry.size)
        if entry.size < miniStreamCutoff {
            return try Self.chain(
                from: entry.startSector, fat: miniFAT, bytes: miniStream, sectorSize: miniSectorSize,
                size: size, what: "stream '\(entry.name)' (mini stream)", headerSectors: 0)
        }
        return try Self.chain(
            from: entry.startSector, fat: fat, bytes: bytes, sectorSize: sectorSize,
            size: size, what: "stream '\(entry.name)'")
    }

    /// The entries of the root's red-black tree, in order; loops and dangling ids are cut off.
    private func rootChildren() -> [Int] {
        var out: [Int] = []
        var seen = Set<UInt32>()
        var stack: [UInt32] = [rootChild]
        while let id = stack.popLast() {
            guard id != CompoundFileEntry.noSibling, seen.insert(id).inserted, id < UInt32(Int32.max),
                let e = entries[Int(id)]
            else { continue }
            out.append(Int(id))
            stack.append(e.right)
            stack.append(e.left)
        }
        return out
    }

    private static func offset(of sector: UInt32, _ sectorSize: Int) -> Int {
        (Int(sector) + 1) * sectorSize
    }

    /// The bytes of a sector chain. With `size`, exactly that many bytes (an error when the
    /// chain is shorter); without, the whole chain. `headerSectors` is 1 for the file (sector 0
    /// follows the header) and 0 for the mini stream.
    private static func chain(
        from start: UInt32, fat: [UInt32], bytes: [UInt8], sectorSize: Int, size: Int?,
        what: String, headerSectors: Int = 1
    ) throws -> [UInt8] {
        var out: [UInt8] = []
        if let size { out.reserveCapacity(size) }
        var sector = start
        var visited = Set<UInt32>()
        while sector != SectorID.endOfChain {
            if let size, out.count >= size { break }
            guard sector <= SectorID.maxRegular, Int(sector) < fat.count else {
                throw LegacyExcelError(
                    "\(what): chain reaches sector \(sector), which the allocation table does not cover",
                    offset: size == nil ? nil : out.count)
            }
            // A sector met twice means the chain loops (it could never end, or would repeat data).
            guard visited.insert(sector).inserted else {
                throw LegacyExcelError("\(what): sector chain loops back to sector \(sector)", offset: size == nil ? nil : out.count)
            }
            let base = (Int(sector) + headerSectors) * sectorSize
            guard base >= 0, base <= bytes.count else {
                throw LegacyExcelError("\(what): sector \(sector) lies beyond the end of the data", offset: base)
            }
            // The last sector of a file may be short.
            let end = min(base + sectorSize, bytes.count)
            out.append(contentsOf: bytes[base..<end])
            sector = fat[Int(sector)]
        }
        if let size {
            guard out.count >= size else {
                throw LegacyExcelError("\(what): its chain holds \(out.count) bytes, the directory says \(size)")
            }
            out.removeSubrange(size...)
        }
        return out
    }
}
