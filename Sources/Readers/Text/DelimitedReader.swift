import Domain
import FileIO
import Foundation

/// Streams the records of a delimited text file (CSV, TSV, semicolon files with decimal commas)
/// in fixed-size chunks, so memory stays flat however large the file is.
///
/// It handles what lab exports really contain: a UTF-8 BOM; Windows-1252 or MacRoman text (with a
/// warning); LF, CRLF and classic-Mac CR line endings; quoted fields with delimiters, doubled
/// quotes and line breaks inside. Columns in diagnostics are 1-based field numbers, as a
/// spreadsheet shows them.
public final class DelimitedReader {
    public let path: String
    /// The name diagnostics show (usually the file name as uploaded).
    public let displayName: String
    public private(set) var encoding: TextEncoding = .utf8
    public private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    /// Warnings about the file as a whole (encoding fallback).
    public private(set) var warnings: [Diagnostic] = []

    private let input: FileInput
    private var buffer: [UInt8] = []
    private var start = 0 // first unconsumed byte in buffer
    private var eof = false
    private var line = 1
    private let chunkSize: Int

    /// Opens the file and detects its encoding and (unless given) its delimiter from the first
    /// chunk.
    public init(
        path: String, displayName: String? = nil, delimiter: UInt8? = nil,
        chunkSize: Int = 1 << 20
    ) throws {
        self.path = path
        self.displayName = displayName ?? (path as NSString).lastPathComponent
        self.chunkSize = max(chunkSize, 64)
        guard let h = FileInput(path: path) else {
            throw FileRejected(
                SourceLocation(file: self.displayName), code: "unreadable-file",
                "cannot open the file for reading")
        }
        input = h
        try fill()
        var (enc, bom) = buffer.withUnsafeBufferPointer { TextEncoding.detect($0, complete: eof) }
        var firstNonUTF8 = buffer.withUnsafeBufferPointer { Self.firstInvalidUTF8(in: $0, complete: eof) }
        if enc == .utf8, bom == 0, !eof, let whole = Self.wholeFileIfSmall(path) {
            // The first chunk can be valid UTF-8 while a later byte is not (an Excel re-save of
            // an export with one Windows-1252 "µ" in a late Units section); files up to 16 MiB
            // are judged whole rather than rejected halfway through.
            enc = whole.withUnsafeBytes { TextEncoding.detect($0.bindMemory(to: UInt8.self), complete: true).0 }
            if enc != .utf8 {
                firstNonUTF8 = whole.withUnsafeBytes { Self.firstInvalidUTF8(in: $0.bindMemory(to: UInt8.self), complete: true) }
            }
        }
        encoding = enc
        start = bom
        if enc != .utf8 {
            // Located at the first byte that is not UTF-8, so the user can find (and fix) it.
            let at = firstNonUTF8 ?? TextPosition()
            warnings.append(
                .warning(
                    SourceLocation(file: self.displayName, line: at.line, column: at.column),
                    code: "legacy-encoding",
                    "the file is not UTF-8 (the first byte that is not is here); read as \(enc.rawValue)"))
        }
        self.delimiter =
            delimiter
            ?? buffer.withUnsafeBufferPointer {
                Self.detectDelimiter(UnsafeBufferPointer(rebasing: $0[start...]))
            }
    }

    /// Line and column of the first byte that is not UTF-8 (a sequence cut by the end of an
    /// incomplete chunk does not count).
    private static func firstInvalidUTF8(in bytes: UnsafeBufferPointer<UInt8>, complete: Bool) -> TextPosition? {
        guard let bad = TextEncoding.firstInvalidUTF8(bytes, final: complete), !bad.incompleteTail else { return nil }
        return TextPosition.of(bad.offset, in: bytes)
    }

    /// The whole file when it is at most 16 MiB (for encoding detection), else nil.
    private static func wholeFileIfSmall(_ path: String) -> Data? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
            size.intValue <= 16 << 20
        else { return nil }
        return FileManager.default.contents(atPath: path)
    }

    /// Whether numbers in this file use a decimal comma (semicolon-delimited European exports).
    public var decimalComma: Bool { delimiter == UInt8(ascii: ";") }

    /// Calls `body` for each record in order until it returns false or the file ends.
    public func forEachRecord(_ body: (DelimitedRecord) throws -> Bool) throws {
        var fields = FieldList()
        defer { fields.deallocate() }
        while true {
            let outcome: ScanOutcome = try buffer.withUnsafeBufferPointer { buf in
                var pos = start
                while true {
                    fields.removeAll()
                    let recordLine = line
                    guard let scanned = scanRecord(buf, from: pos, into: &fields) else {
                        start = pos
                        return .needMore
                    }
                    if scanned.highBytes, encoding == .utf8 {
                        let bytes = UnsafeBufferPointer(rebasing: buf[pos..<scanned.next])
                        if let bad = TextEncoding.firstInvalidUTF8(bytes) {
                            let p = TextPosition.of(bad.offset, in: bytes)
                            throw FileRejected(
                                SourceLocation(file: displayName, line: recordLine + p.line - 1, column: p.column),
                                code: "invalid-utf8",
                                "byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true)) is not valid UTF-8 although the start of the file is"
                            )
                        }
                    }
                    pos = scanned.next
                    line += scanned.newlines
                    // A final empty line (file ends with a newline) is not a record.
                    if !(fields.count == 1 && fields[0].start == fields[0].end && scanned.atEOF) {
                        let record = DelimitedRecord(buffer: buf, fields: fields.buffer, encoding: encoding, line: recordLine)
                        if try !body(record) {
                            start = pos
                            return .stopped
                        }
                    }
                    if scanned.atEOF {
                        start = pos
                        return .finished
                    }
                }
            }
            switch outcome {
            case .finished, .stopped: return
            case .needMore:
                let before = buffer.count - start
                try fill()
                if buffer.count - start == before && eof {
                    // No progress possible: should not happen, scanRecord handles EOF.
                    return
                }
            }
        }
    }

    private enum ScanOutcome { case needMore, finished, stopped }

    private struct Scanned {
        var next: Int
        var newlines: Int
        var atEOF: Bool
        var highBytes: Bool
    }

    /// Scans one record starting at `from`. Returns nil when the buffer ends before the record
    /// does and more input may follow.
    private func scanRecord(
        _ buf: UnsafeBufferPointer<UInt8>, from: Int,
        into fields: inout FieldList
    ) -> Scanned? {
        let n = buf.count
        let delim = delimiter
        var i = from
        var newlines = 0
        var high: UInt8 = 0
        if i >= n {
            if eof {
                fields.append(.init(start: i, end: i, quoted: false))
                return Scanned(next: i, newlines: 0, atEOF: true, highBytes: false)
            }
            return nil
        }
        while true {
            // One field.
            if i < n, buf[i] == 0x22 { // quoted field
                let fieldStart = i + 1
                var j = fieldStart
                while true {
                    if j >= n {
                        if eof {
                            fields.append(.init(start: fieldStart, end: n, quoted: true))
                            return Scanned(next: n, newlines: newlines, atEOF: true, highBytes: high >= 0x80)
                        }
                        return nil
                    }
                    let b = buf[j]
                    high |= b
                    if b == 0x22 {
                        if j + 1 < n, buf[j + 1] == 0x22 {
                            j += 2
                            continue
                        }
                        if j + 1 >= n, !eof { return nil }
                        break
                    }
                    if b == 0x0A { newlines += 1 } else if b == 0x0D { if j + 1 < n, buf[j + 1] == 0x0A {} else { newlines += 1 } }
                    j += 1
                }
                fields.append(.init(start: fieldStart, end: j, quoted: true))
                i = j + 1
                // Skip anything between the closing quote and the delimiter (Excel padding).
                while i < n, buf[i] != delim, buf[i] != 0x0A, buf[i] != 0x0D { i += 1 }
            } else {
                let fieldStart = i
                i = Self.skipUnquoted(buf, from: i, delimiter: delim, high: &high)
                if i >= n && !eof { return nil }
                fields.append(.init(start: fieldStart, end: i, quoted: false))
            }
            if i >= n {
                if !eof { return nil }
                return Scanned(next: n, newlines: newlines, atEOF: true, highBytes: high >= 0x80)
            }
            let b = buf[i]
            if b == delim {
                i += 1
                if i >= n && !eof { return nil }
                if i >= n {
                    fields.append(.init(start: n, end: n, quoted: false))
                    return Scanned(next: n, newlines: newlines, atEOF: true, highBytes: high >= 0x80)
                }
                continue
            }
            // End of line: LF, CRLF or CR.
            if b == 0x0D {
                if i + 1 >= n && !eof { return nil }
                i += (i + 1 < n && buf[i + 1] == 0x0A) ? 2 : 1
            } else {
                i += 1
            }
            newlines += 1
            let atEOF = eof && i >= n
            return Scanned(next: i, newlines: newlines, atEOF: atEOF, highBytes: high >= 0x80)
        }
    }

    /// The end of an unquoted field starting at `from`: the first delimiter, CR or LF (or the
    /// buffer's end), OR-ing the field's bytes into `high`. Eight bytes at a time while a whole
    /// word is in the buffer (most fields end within the first), then byte by byte.
    @inline(__always)
    private static func skipUnquoted(
        _ buf: UnsafeBufferPointer<UInt8>, from: Int, delimiter delim: UInt8,
        high: inout UInt8
    ) -> Int {
        let n = buf.count
        var i = from
        #if _endian(little)
            let ones: UInt64 = 0x0101_0101_0101_0101, tops: UInt64 = 0x8080_8080_8080_8080
            let d = UInt64(delim) &* ones, lf = 0x0A &* ones, cr = 0x0D &* ones
            /// High bit set in each byte of `x` that is zero (exact up to the first zero byte).
            @inline(__always) func zeros(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & tops }
            let base = UnsafeRawPointer(buf.baseAddress!)
            var highWord: UInt64 = 0
            while i + 8 <= n {
                let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let stops = zeros(w ^ d) | zeros(w ^ lf) | zeros(w ^ cr)
                if stops != 0 {
                    let k = stops.trailingZeroBitCount / 8
                    if k > 0 { highWord |= w & (UInt64.max >> (64 - 8 * k)) }
                    if highWord & tops != 0 { high |= 0x80 }
                    return i + k
                }
                highWord |= w
                i += 8
            }
            if highWord & tops != 0 { high |= 0x80 }
        #endif
        while i < n {
            let b = buf[i]
            if b == delim || b == 0x0A || b == 0x0D { break }
            high |= b
            i += 1
        }
        return i
    }

    /// The fields of the record being scanned: a buffer allocated once per pass and reused for
    /// every record (an Array would check uniqueness and capacity on every append).
    struct FieldList {
        private var base = UnsafeMutablePointer<DelimitedRecord.Field>.allocate(capacity: 64)
        private var capacity = 64
        private(set) var count = 0

        @inline(__always)
        mutating func append(_ f: DelimitedRecord.Field) {
            if count == capacity {
                let bigger = UnsafeMutablePointer<DelimitedRecord.Field>.allocate(capacity: capacity * 2)
                bigger.moveInitialize(from: base, count: count)
                base.deallocate()
                base = bigger
                capacity *= 2
            }
            (base + count).initialize(to: f)
            count += 1
        }

        mutating func removeAll() { count = 0 }
        subscript(i: Int) -> DelimitedRecord.Field { base[i] }
        var buffer: UnsafeBufferPointer<DelimitedRecord.Field> { UnsafeBufferPointer(start: base, count: count) }
        func deallocate() { base.deallocate() }
    }

    /// Reads the next chunk, first dropping what has been consumed.
    private func fill() throws {
        if eof { return }
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        do {
            if try input.read(appendingTo: &buffer, count: chunkSize) < chunkSize { eof = true }
        } catch {
            throw FileRejected(SourceLocation(file: displayName), code: "unreadable-file", "\(error)")
        }
    }

    /// Picks tab, semicolon or comma: the candidate found (outside quotes) on most of the first
    /// lines, preferring tab, then semicolon when it is as frequent as comma (decimal-comma files
    /// contain both).
    static func detectDelimiter(_ head: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [0x09, UInt8(ascii: ";"), UInt8(ascii: ",")]
        var linesWith = [Int](repeating: 0, count: 3)
        var totals = [Int](repeating: 0, count: 3)
        var counts = [Int](repeating: 0, count: 3)
        var inQuotes = false
        var lines = 0
        for b in head.prefix(65536) {
            if b == 0x22 {
                inQuotes.toggle()
                continue
            }
            if inQuotes { continue }
            if b == 0x0A || b == 0x0D {
                for k in 0..<3 where counts[k] > 0 {
                    linesWith[k] += 1
                    totals[k] += counts[k]
                }
                counts = [0, 0, 0]
                lines += 1
                if lines >= 50 { break }
                continue
            }
            if let k = candidates.firstIndex(of: b) { counts[k] += 1 }
        }
        for k in 0..<3 where counts[k] > 0 {
            linesWith[k] += 1
            totals[k] += counts[k]
        }
        if linesWith[0] > 0, linesWith[0] >= linesWith[2] { return 0x09 }
        if linesWith[1] > 0, linesWith[1] >= linesWith[2] { return UInt8(ascii: ";") }
        return UInt8(ascii: ",")
    }
}
