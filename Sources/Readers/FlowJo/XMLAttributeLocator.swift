import Foundation

/// Finds the line and column of an attribute's value in an XML file while a SAX parser streams
/// it. The parser reports only where a start tag ends (1-based line, and the 1-based character
/// column of its `>`, or of the `/` of `/>`); this reads the same file a second time, forward only and in chunks, to the
/// reported line and looks back from there for `name="`. Requests must come in file order, which
/// SAX callbacks do. Memory is one chunk plus the current line (FlowJo writes one tag per line;
/// a workspace written on a single line is held whole).
final class XMLAttributeLocator {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Index in `buffer` where line `line` starts, and where it ends once known.
    private var lineStart = 0
    private var lineEnd: Int?
    private var line = 1
    private var eof = false
    /// The byte that ends lines: LF, or CR in a classic-Mac file (CRLF lines end at the LF and
    /// keep a harmless CR).
    private var newline: UInt8?
    /// Character column already walked on the current line and the byte it starts at, so that
    /// several lookups on one long line cost one walk.
    private var walkedColumn = 1
    private var walkedByte = 0
    private let chunkSize = 1 << 18

    init?(path: String) {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        handle = h
    }

    deinit { try? handle.close() }

    /// The 1-based character column where the value of `attribute` starts, in the start tag that
    /// ends at (`line`, `tagEnd`). Nil when it cannot be placed there (a tag spread over lines).
    func valueColumn(of attribute: String, line target: Int, tagEnd: Int) -> Int? {
        guard target >= line, advance(to: target), let end = currentLineEnd() else { return nil }
        if tagEnd < walkedColumn {
            walkedColumn = 1
            walkedByte = lineStart
        }
        return buffer.withUnsafeBufferPointer { buf -> Int? in
            // Walk to the byte of the tag's end (continuation bytes start no character).
            var byte = walkedByte, column = walkedColumn
            while column < tagEnd, byte < end {
                byte += 1
                while byte < end, buf[byte] & 0xC0 == 0x80 { byte += 1 }
                column += 1
            }
            walkedByte = byte
            walkedColumn = column
            // libxml2 reports a self-closing tag at its '/', others at their '>'.
            guard column == tagEnd, byte < end,
                buf[byte] == UInt8(ascii: ">") || buf[byte] == UInt8(ascii: "/")
            else { return nil }
            // The tag starts at the last '<' before its end ('<' cannot occur in attribute values).
            var tagStart = byte
            while tagStart > lineStart, buf[tagStart] != UInt8(ascii: "<") { tagStart -= 1 }
            guard buf[tagStart] == UInt8(ascii: "<") else { return nil }
            let needle = Array((attribute + "=\"").utf8)
            var i = tagStart + 1
            while i + needle.count <= byte {
                if buf[i - 1] == 0x20 || buf[i - 1] == 0x09,
                    (0..<needle.count).allSatisfy({ buf[i + $0] == needle[$0] })
                {
                    // Count back from the tag end rather than forward from the line start.
                    var valueColumn = tagEnd
                    for k in (i + needle.count)..<byte where buf[k] & 0xC0 != 0x80 { valueColumn -= 1 }
                    return valueColumn
                }
                i += 1
            }
            return nil
        }
    }

    /// Moves to the start of line `target`.
    private func advance(to target: Int) -> Bool {
        while line < target {
            guard let end = currentLineEnd(), end < buffer.count else { return false }
            lineStart = end + 1
            lineEnd = nil
            line += 1
            walkedColumn = 1
            walkedByte = lineStart
            if lineStart > chunkSize {
                buffer.removeSubrange(0..<lineStart)
                lineStart = 0
                walkedByte = 0
            }
        }
        return true
    }

    /// The index of the current line's terminator (or the end of the file), reading on as needed.
    private func currentLineEnd() -> Int? {
        if let e = lineEnd { return e }
        var from = lineStart
        while true {
            if newline == nil, !fill() { return nil }
            let nl = newline ?? 0x0A
            let found: Int? = buffer.withUnsafeBufferPointer { buf in
                guard from < buf.count, let base = buf.baseAddress,
                    let p = memchr(base + from, Int32(nl), buf.count - from)
                else { return nil }
                return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            if let found {
                lineEnd = found
                return found
            }
            from = buffer.count
            if eof || !fill() {
                lineEnd = buffer.count
                return buffer.count
            }
        }
    }

    private func fill() -> Bool {
        guard !eof, let data = try? handle.read(upToCount: chunkSize), !data.isEmpty else {
            eof = true
            return false
        }
        buffer.append(contentsOf: data)
        if newline == nil {
            newline = data.contains(0x0A) || !data.contains(0x0D) ? 0x0A : 0x0D
        }
        return true
    }
}
