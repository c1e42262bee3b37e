import Domain

/// The report's CSV dialect spelled the plain way, a String per field: the reference the
/// byte writer the report uses (`CSVBuffer`, `CSVCursor`) is checked against, byte for byte.
/// RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field
/// quoted when it holds a comma, a double quote, CR or LF, with its quotes doubled. Missing
/// numbers (NaN) are written as empty fields, never as `nan` or 0; integral numbers without a
/// decimal part; others with the shortest text that reads back to the same double.
enum CSVWriter {
    static let lineEnding = "\r\n"

    /// One field, quoted if it needs to be (the four ASCII characters that matter never occur
    /// inside a multi-byte UTF-8 sequence, so its bytes are scanned).
    static func field(_ s: String) -> String {
        var quote = false, doubled = false
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: ","), UInt8(ascii: "\r"), UInt8(ascii: "\n"): quote = true
            case UInt8(ascii: "\""):
                quote = true
                doubled = true
            default: break
            }
        }
        guard quote else { return s }
        guard doubled else { return "\"" + s + "\"" }
        var out = "\""
        for c in s.unicodeScalars {
            if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
        }
        return out + "\""
    }

    /// A number as CSV text: empty when missing.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + lineEnding
    }

    /// The whole table: a header record, then one record per row.
    static func render(_ table: AuxiliaryTable) -> String {
        record(table.columns.map(\.name)) + rows(table)
    }

    /// The table's rows without the header (a slice of a table being streamed out).
    static func rows(_ table: AuxiliaryTable) -> String {
        var out = ""
        for i in 0..<table.rowCount {
            out += record(
                table.columns.map { c in
                    switch c.column {
                    case .text(let v): return v[i]
                    case .number(let v): return number(v[i])
                    }
                })
        }
        return out
    }
}
