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
        return decode(from: f.start, to: f.end, quoted: f.quoted)
    }

    /// Field `i` with surrounding spaces and tabs removed. Trimmed as bytes before decoding
    /// (both are ASCII in every encoding read): trimming the decoded String walked a huge cell
    /// character by character, twice, which took seconds for a damaged multi-megabyte field.
    public func trimmed(_ i: Int) -> String {
        guard i < fields.count else { return "" }
        let f = fields[i]
        var start = f.start, end = f.end
        while start < end, buffer[start] == 0x20 || buffer[start] == 0x09 { start += 1 }
        while end > start, buffer[end - 1] == 0x20 || buffer[end - 1] == 0x09 { end -= 1 }
        return decode(from: start, to: end, quoted: f.quoted)
    }

    private func decode(from start: Int, to end: Int, quoted: Bool) -> String {
        let text = encoding.decode(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        if quoted, text.utf8.contains(UInt8(ascii: "\"")) {
            return text.replacingDoubledQuotes()
        }
        return text
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
                if previousWasQuote {
                    previousWasQuote = false
                    continue
                }
                previousWasQuote = true
            } else {
                previousWasQuote = false
            }
            out.append(c)
        }
        return out
    }
}
