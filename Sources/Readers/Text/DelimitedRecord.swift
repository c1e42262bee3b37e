/// One record (row) of a delimited text file, with its fields still as bytes in the reader's
/// buffer. Valid only inside the callback that receives it: copy out what you keep.
public struct DelimitedRecord {
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
    }

    var buffer: UnsafeBufferPointer<UInt8>
    /// The reader's field list for this record (borrowed, like `buffer`: no copy, no reference
    /// counting per row).
    var fields: UnsafeBufferPointer<Field>
    public let encoding: TextEncoding
    /// The 1-based line on which this record starts.
    public let line: Int

    public var count: Int { fields.count }

    /// The unquoted, decoded text of field `i` (0-based); "" when the record has fewer fields.
    public func string(_ i: Int) -> String {
        guard i < fields.count else { return "" }
        let f = fields[i]
        let raw = UnsafeBufferPointer(rebasing: buffer[f.start..<f.end])
        let text = encoding.decode(raw)
        if f.quoted, text.contains("\"") {
            return text.replacingDoubledQuotes()
        }
        return text
    }

    /// Field `i` with surrounding spaces removed.
    public func trimmed(_ i: Int) -> String {
        let s = string(i)
        guard let first = s.first, let last = s.last else { return s }
        if first != " " && last != " " && first != "\t" && last != "\t" { return s }
        return String(s.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }

    /// All fields decoded.
    public var strings: [String] { (0..<fields.count).map { string($0) } }

    /// True when every field is empty (Excel pads exports with rows of bare delimiters).
    public var isBlank: Bool {
        for f in fields where f.end > f.start {
            for b in buffer[f.start..<f.end] where b != 0x20 && b != 0x09 { return false }
        }
        return true
    }

    /// The number of fields after trailing empty ones are dropped.
    public var countIgnoringTrailingEmpty: Int {
        var n = fields.count
        while n > 0, fields[n - 1].end == fields[n - 1].start { n -= 1 }
        return n
    }

    /// The raw bytes of field `i` (without surrounding quotes). For hot loops that parse numbers.
    public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let f = fields[i]
        return try body(UnsafeBufferPointer(rebasing: buffer[f.start..<f.end]))
    }
}

extension String {
    func replacingDoubledQuotes() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var previousWasQuote = false
        for c in self {
            if c == "\"" {
                if previousWasQuote { previousWasQuote = false; continue }
                previousWasQuote = true
            } else {
                previousWasQuote = false
            }
            out.append(c)
        }
        return out
    }
}
