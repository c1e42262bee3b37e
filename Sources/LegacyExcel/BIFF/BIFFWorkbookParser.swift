/// Parses a BIFF5/7/8 workbook stream: the globals substream (sheet list, shared strings,
/// code page, date mode), then each sheet's substream from the offset BOUNDSHEET gives.
struct BIFFWorkbookParser {
    let stream: [UInt8]
    let name: String
    private var codePage: UInt16 = 1252
    private var uses1904 = false
    private var sharedStrings: [String] = []
    private var problems: [LegacyExcelError] = []
    private var biff8 = true

    init(stream: [UInt8], name: String) {
        self.stream = stream
        self.name = name
    }

    private struct BoundSheet {
        var name: String
        var offset: Int
        var kind: LegacySheet.Kind
        var recordOffset: Int
    }

    mutating func parse() throws -> LegacyWorkbook {
        var reader = BIFFRecordReader(stream: stream, name: name)
        guard let bof = try reader.next(), bof.type == BIFFRecordType.bof else {
            throw LegacyExcelError("the workbook stream does not begin with a BOF record", stream: name, offset: 0)
        }
        var c = bof.cursor(name)
        let version = try c.u16("BOF version")
        switch version {
        case 0x0600: biff8 = true
        case 0x0500: biff8 = false
        default:
            throw LegacyExcelError(
                "BIFF version 0x\(String(version, radix: 16)) is not BIFF5, 7 or 8 (Excel 5.0 to 2003)", stream: name, offset: bof.offset)
        }
        var bound: [BoundSheet] = []
        globals: while let r = try reader.next() {
            switch r.type {
            case BIFFRecordType.eof: break globals
            case BIFFRecordType.filePass:
                throw LegacyExcelError(
                    "the workbook is password-protected (encrypted); save it without a password", stream: name, offset: r.offset)
            case BIFFRecordType.codePage:
                var c = r.cursor(name)
                codePage = try c.u16("CODEPAGE")
            case BIFFRecordType.dateMode:
                var c = r.cursor(name)
                uses1904 = try c.u16("DATEMODE") == 1
            case BIFFRecordType.boundSheet:
                bound.append(try boundSheet(r))
            case BIFFRecordType.sst:
                let more = try reader.continuations()
                sharedStrings = try sst(r, continuations: more)
            default: continue
            }
        }
        var sheets: [LegacySheet] = []
        for b in bound {
            guard b.kind == .worksheet || b.kind == .macro else {
                sheets.append(LegacySheet(name: b.name, kind: b.kind, cells: []))
                continue
            }
            sheets.append(LegacySheet(name: b.name, kind: b.kind, cells: try cells(of: b)))
        }
        return LegacyWorkbook(
            sheets: sheets, uses1904Dates: uses1904, codePage: codePage,
            biffVersion: biff8 ? 8 : 5, problems: problems)
    }

    /// BOUNDSHEET8: stream offset of the sheet's BOF, visibility, type, name.
    private func boundSheet(_ r: BIFFRecord) throws -> BoundSheet {
        var c = r.cursor(name)
        let offset = Int(try c.u32("sheet offset"))
        _ = try c.u8("sheet visibility")
        let type = try c.u8("sheet type")
        let count = Int(try c.u8("sheet name length"))
        let sheetName: String
        if biff8 {
            let flags = try c.u8("sheet name flags")
            let wide = flags & 0x01 != 0
            let bytes = try c.take(wide ? 2 * count : count, "sheet name")
            sheetName = Self.decode(bytes, wide: wide)
        } else {
            sheetName = LegacyCodePage.decode(try c.take(count, "sheet name"), codePage: codePage)
        }
        let kind: LegacySheet.Kind =
            switch type {
            case 0: .worksheet
            case 1: .macro
            case 2: .chart
            default: .other
            }
        return BoundSheet(name: sheetName, offset: offset, kind: kind, recordOffset: r.offset)
    }

    private static func decode(_ bytes: ArraySlice<UInt8>, wide: Bool) -> String {
        if !wide { return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self) }
        var units: [UInt16] = []
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            units.append(UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// The shared string table: SST then its CONTINUE records.
    private func sst(_ r: BIFFRecord, continuations: [BIFFRecord]) throws -> [String] {
        var s = BIFFStringReader(r, continuations: continuations, stream: name)
        _ = try s.u32("SST total count")
        let unique = Int(try s.u32("SST unique count"))
        // Each string takes at least 3 bytes: a count claiming more than the record holds is damage.
        let available = r.body.count + continuations.reduce(0) { $0 + $1.body.count }
        guard unique <= available / 3 else {
            throw LegacyExcelError("the shared string table claims \(unique) strings in \(available) bytes", stream: name, offset: r.offset)
        }
        var out: [String] = []
        out.reserveCapacity(unique)
        for _ in 0..<unique { out.append(try s.richExtendedString()) }
        return out
    }

    /// The value cells of one sheet's substream.
    private mutating func cells(of sheet: BoundSheet) throws -> [LegacyCell] {
        guard sheet.offset >= 0, sheet.offset < stream.count else {
            throw LegacyExcelError(
                "sheet '\(sheet.name)' starts at offset \(sheet.offset), outside the \(stream.count)-byte stream",
                stream: name, offset: sheet.recordOffset)
        }
        var reader = BIFFRecordReader(stream: stream, name: name, from: sheet.offset)
        guard let bof = try reader.next(), bof.type == BIFFRecordType.bof else {
            throw LegacyExcelError("sheet '\(sheet.name)' does not begin with a BOF record", stream: name, offset: sheet.offset)
        }
        var grid: [Position: LegacyCellValue] = [:]
        var pendingString: (Position, Int)?
        var depth = 1 // embedded charts nest their own BOF…EOF
        while depth > 0, let r = try reader.next() {
            if r.type != BIFFRecordType.string, r.type != BIFFRecordType.continueRecord, let (p, at) = pendingString,
                Self.isCell(r.type)
            {
                problems.append(
                    LegacyExcelError(
                        "sheet '\(sheet.name)' \(p): a formula's text result has no STRING record; left empty",
                        stream: name, offset: at))
                pendingString = nil
            }
            switch r.type {
            case BIFFRecordType.bof: depth += 1
            case BIFFRecordType.eof: depth -= 1
            case _ where depth > 1: continue
            case BIFFRecordType.labelSST:
                var c = r.cursor(name)
                let p = try position(&c)
                let index = Int(try c.u32("shared string index"))
                guard index < sharedStrings.count else {
                    throw c.error("sheet '\(sheet.name)' \(p) refers to shared string \(index) of \(sharedStrings.count)", at: 6)
                }
                grid[p] = .text(sharedStrings[index])
            case BIFFRecordType.label, BIFFRecordType.rString:
                var c = r.cursor(name)
                let p = try position(&c)
                grid[p] = .text(try cellString(r, skipping: 6, continuations: try reader.continuations()))
            case BIFFRecordType.number:
                var c = r.cursor(name)
                let p = try position(&c)
                grid[p] = .number(try c.f64("NUMBER value"))
            case BIFFRecordType.rk:
                var c = r.cursor(name)
                let p = try position(&c)
                grid[p] = .number(Self.rk(try c.u32("RK value")))
            case BIFFRecordType.mulRK:
                var c = r.cursor(name)
                let row = Int(try c.u16("MULRK row"))
                let first = Int(try c.u16("MULRK first column"))
                // Body: row, first column, n × (style, RK), last column.
                guard r.body.count >= 6, (r.body.count - 6) % 6 == 0 else {
                    throw c.error("MULRK body of \(r.body.count) bytes is not 6 + 6 × n", at: 0)
                }
                let n = (r.body.count - 6) / 6
                for k in 0..<n {
                    try c.skip(2, "MULRK style")
                    grid[Position(row: row, column: first + k)] = .number(Self.rk(try c.u32("MULRK value")))
                }
            case BIFFRecordType.boolErr:
                var c = r.cursor(name)
                let p = try position(&c)
                let v = try c.u8("BOOLERR value")
                let isError = try c.u8("BOOLERR kind")
                grid[p] = isError == 0 ? .boolean(v != 0) : .error(Self.errorText(v))
            case BIFFRecordType.formula:
                var c = r.cursor(name)
                let p = try position(&c)
                let result = try c.take(8, "FORMULA result")
                let b = Array(result)
                if b[6] == 0xFF, b[7] == 0xFF {
                    switch b[0] {
                    case 0: pendingString = (p, r.offset)
                    case 1: grid[p] = .boolean(b[2] != 0)
                    case 2: grid[p] = .error(Self.errorText(b[2]))
                    case 3: grid[p] = .text("")
                    default:
                        problems.append(
                            LegacyExcelError(
                                "sheet '\(sheet.name)' \(p): formula result type \(b[0]) unknown; left empty",
                                stream: name, offset: r.offset))
                    }
                } else {
                    var rc = ByteCursor(b, stream: name, base: r.offset + 10)
                    grid[p] = .number(try rc.f64("FORMULA value"))
                }
            case BIFFRecordType.string:
                let text = try cellString(r, skipping: 0, continuations: try reader.continuations())
                if let (p, _) = pendingString { grid[p] = .text(text) }
                pendingString = nil
            default: continue
            }
        }
        guard depth == 0 else {
            throw LegacyExcelError(
                "sheet '\(sheet.name)' ends without its EOF record: the stream is truncated", stream: name, offset: reader.position)
        }
        return grid.keys.sorted().compactMap { p in grid[p].map { LegacyCell(row: p.row + 1, column: p.column + 1, value: $0) } }
    }

    private static func isCell(_ type: UInt16) -> Bool {
        [
            BIFFRecordType.labelSST, BIFFRecordType.label, BIFFRecordType.number, BIFFRecordType.rk, BIFFRecordType.mulRK,
            BIFFRecordType.boolErr, BIFFRecordType.formula, BIFFRecordType.rString,
        ].contains(type)
    }

    private func position(_ c: inout ByteCursor) throws -> Position {
        let row = Int(try c.u16("cell row"))
        let column = Int(try c.u16("cell column"))
        try c.skip(2, "cell style")
        return Position(row: row, column: column)
    }

    /// A cell's inline string (LABEL, RSTRING, STRING): Unicode in BIFF8, code page bytes before.
    private func cellString(_ r: BIFFRecord, skipping prefix: Int, continuations: [BIFFRecord]) throws -> String {
        if biff8 {
            var s = BIFFStringReader(r, continuations: continuations, stream: name)
            try s.skip(prefix, "cell header")
            return try s.unicodeString()
        }
        var c = r.cursor(name)
        try c.skip(prefix, "cell header")
        let count = Int(try c.u16("string length"))
        return LegacyCodePage.decode(try c.take(count, "string"), codePage: codePage)
    }

    /// RK: a 30-bit integer or the high 30 bits of a double, optionally divided by 100.
    static func rk(_ v: UInt32) -> Double {
        let value: Double
        if v & 0x02 != 0 {
            value = Double(Int32(bitPattern: v) >> 2)
        } else {
            value = Double(bitPattern: UInt64(v & 0xFFFF_FFFC) << 32)
        }
        return v & 0x01 != 0 ? value / 100 : value
    }

    static func errorText(_ code: UInt8) -> String {
        switch code {
        case 0x00: "#NULL!"
        case 0x07: "#DIV/0!"
        case 0x0F: "#VALUE!"
        case 0x17: "#REF!"
        case 0x1D: "#NAME?"
        case 0x24: "#NUM!"
        case 0x2A: "#N/A"
        default: "#ERR\(code)"
        }
    }
}

/// A 0-based cell position as BIFF stores it, ordered row first.
struct Position: Hashable, Comparable, CustomStringConvertible {
    var row: Int
    var column: Int
    static func < (a: Position, b: Position) -> Bool { (a.row, a.column) < (b.row, b.column) }
    /// `C7`.
    var description: String {
        var n = column + 1
        var s = ""
        while n > 0 {
            let k = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + k))) + s
            n = (n - 1) / 26
        }
        return "\(s)\(row + 1)"
    }
}
