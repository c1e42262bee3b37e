import Domain

/// CSV text (`CSVWriter`'s dialect, byte for byte) appended to one byte buffer: no String per
/// field or record, so a multi-gigabyte `cfb.csv` is formatted a chunk of rows at a time into
/// one growing array, which worker threads can fill in parallel and the writer copies out.
public struct CSVBuffer: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var atRecordStart = true

    public init(reservingCapacity n: Int = 0) { bytes.reserveCapacity(n) }

    public var isEmpty: Bool { bytes.isEmpty }

    private mutating func separate() {
        if !atRecordStart { bytes.append(UInt8(ascii: ",")) }
        atRecordStart = false
    }

    /// Ends the record (CRLF).
    public mutating func endRecord() {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
        atRecordStart = true
    }

    /// A text field, quoted (quotes doubled) only when it holds a comma, a quote, CR or LF:
    /// the same bytes as `CSVWriter.field`, which doubles quotes scalar by scalar (a quote never
    /// occurs inside a multi-byte UTF-8 sequence).
    public mutating func text(_ s: String) {
        separate()
        var s = s
        s.withUTF8 { u in
            var quote = false, doubled = false
            for b in u {
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") {
                    quote = true
                } else if b == UInt8(ascii: "\"") {
                    quote = true
                    doubled = true
                }
            }
            if !quote {
                bytes.append(contentsOf: u)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            if doubled {
                for b in u {
                    bytes.append(b)
                    if b == UInt8(ascii: "\"") { bytes.append(b) }
                }
            } else {
                bytes.append(contentsOf: u)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// A number as `CSVWriter.number` writes it: empty when missing, whole numbers below 1e15
    /// without a decimal part, others as the shortest text that reads back to the same double
    /// (Swift's `description`, which formats small values without allocating).
    public mutating func number(_ x: Double) {
        separate()
        if x.isNaN { return }
        if x.isInfinite {
            if x < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: [UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "f")])
            return
        }
        if x == x.rounded(), abs(x) < 1e15 {
            integer(Int64(x))
            return
        }
        shortest(x)
    }

    /// The finite double `x` as `x.description` writes it, through the same runtime routine
    /// (`swift_float64ToString`, shortest round-trip digits) into stack scratch: most values
    /// of CHG, PCHG and R2BASE need 17 or more characters, a heap-allocated String each.
    private mutating func shortest(_ x: Double) {
        // 32 bytes, as the stdlib used; the routine leaves some zero digits unwritten, expecting
        // the buffer to hold ASCII zeros already.
        let zeros: UInt64 = 0x3030_3030_3030_3030
        var scratch = (zeros, zeros, zeros, zeros)
        withUnsafeMutableBytes(of: &scratch) { raw in
            let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let n = Int(swiftFloat64ToString(p, UInt(raw.count), x, false))
            bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
    }

    /// A field already encoded as `text` would write it (a value repeated on many rows,
    /// encoded once: `CFBCodedRange`).
    public mutating func field(_ encoded: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(contentsOf: encoded)
    }

    /// A whole number in decimal, as `String(Int64)` writes it.
    private mutating func integer(_ v: Int64) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        var digits: (UInt64, UInt64) = (0, 0) // 16 digits suffice below 1e15; scratch on the stack
        withUnsafeMutableBytes(of: &digits) { raw in
            var n = 0
            repeat {
                raw[n] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                n += 1
            } while m > 0
            while n > 0 {
                n -= 1
                bytes.append(raw[n])
            }
        }
    }

    /// A whole table's rows (no header), as `CSVWriter.rows` writes them.
    public mutating func rows(_ table: AuxiliaryTable) {
        for i in 0..<table.rowCount {
            for c in table.columns {
                switch c.column {
                case .text(let v): text(v[i])
                case .number(let v): number(v[i])
                }
            }
            endRecord()
        }
    }

    /// One record of header names.
    public mutating func header(_ names: [String]) {
        for n in names { text(n) }
        endRecord()
    }
}

/// The routine behind `Double.description` (shortest digits that read back to the same double),
/// exported by the Swift runtime; returns the number of bytes written.
@_silgen_name("swift_float64ToString")
private func swiftFloat64ToString(
    _ buffer: UnsafeMutablePointer<UInt8>, _ bufferLength: UInt, _ value: Double, _ debug: Bool
) -> UInt64
