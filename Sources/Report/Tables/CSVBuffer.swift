import Domain

/// CSV text appended to one byte buffer, in the report's dialect (RFC 4180: fields separated by
/// commas, records ended by CRLF, a field quoted when it holds a comma, a double quote, CR or LF,
/// its quotes doubled; missing numbers empty, integral ones without a decimal part, others the
/// shortest text that reads back to the same double). The tests check it byte for byte against
/// the same dialect spelled a String per field (`Tests/ReportTests/ReferenceCSVWriter.swift`).
/// No String per field or record, so a multi-gigabyte `cfb.csv` is formatted a chunk of rows at
/// a time into one growing array, which worker threads can fill in parallel and the writer
/// copies out.
/// The dialect is written by `CSVCursor` into room reserved up front (`append(atMost:_:)`), so
/// a field is a few stores rather than an array append, with its capacity and uniqueness
/// checks, per byte.
public struct CSVBuffer: Sendable {
    /// The bytes written are `storage[..<used]`; past them, room already initialized for the
    /// next write (its contents do not matter: a write only keeps what it wrote). Keeping it,
    /// rather than trimming after each write and zeroing the room again, initializes each byte
    /// about once instead of two or three times: the room reserved for a block of rows is
    /// bounded by each number's longest text, far more than most numbers take.
    private var storage: [UInt8] = []
    private var used = 0
    private var atRecordStart = true

    public init(reservingCapacity n: Int = 0) { storage.reserveCapacity(n) }

    /// An empty buffer in `room`, an array that held text before (`CSVRoomPool`): its elements
    /// are room already initialized, so writing within them fills nothing first.
    init(recycling room: [UInt8], reservingCapacity n: Int) {
        storage = room
        storage.reserveCapacity(n)
    }

    private static let zeros = [UInt8](repeating: 0, count: 1 << 16)

    public var isEmpty: Bool { used == 0 }

    /// The CSV text written so far.
    public var bytes: [UInt8] { used == storage.count ? storage : Array(storage[..<used]) }

    /// The CSV text written so far, handed over without a copy; the buffer is left empty.
    public mutating func takeBytes() -> [UInt8] {
        storage.removeLast(storage.count - used)
        defer {
            storage = []
            used = 0
            atRecordStart = true
        }
        return storage
    }

    /// Writes through a cursor into `maxBytes` bytes of room; the cursor must not write more.
    /// Bounds: `CSVCursor.numberBound` per number, `CSVCursor.textBound` per text, one byte per
    /// separator and two per record end.
    public mutating func append(atMost maxBytes: Int, _ write: (inout CSVCursor) -> Void) {
        let start = used
        // `CSVCursor.overread` more: the padded copies may store that far past the room.
        let needed = start + maxBytes + CSVCursor.overread
        // Grown by copies of a zero page: appending `repeatElement(0, …)` filled the room a byte
        // at a time.
        while storage.count < needed {
            let k = min(needed - storage.count, Self.zeros.count)
            Self.zeros.withUnsafeBufferPointer { storage.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<k])) }
        }
        let atStart = atRecordStart
        let (end, startsRecord) = storage.withUnsafeMutableBufferPointer { b in
            var cursor = CSVCursor(b.baseAddress! + start, limit: b.baseAddress! + start + maxBytes, atRecordStart: atStart)
            write(&cursor)
            return (cursor.position - b.baseAddress!, cursor.atRecordStart)
        }
        atRecordStart = startsRecord
        used = end
    }

    /// Ends the record (CRLF).
    public mutating func endRecord() { append(atMost: 2) { $0.endRecord() } }

    /// A text field (see `CSVCursor.text`).
    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { u in append(atMost: CSVCursor.textBound(u.count)) { $0.text(u) } }
    }

    /// A number (see `CSVCursor.number`).
    public mutating func number(_ x: Double) { append(atMost: CSVCursor.numberBound) { $0.number(x) } }

    /// A whole table's rows (no header), or the rows `range`.
    public mutating func rows(_ table: AuxiliaryTable, _ range: Range<Int>? = nil) {
        for i in range ?? 0..<table.rowCount {
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

/// Writes CSV fields into room a `CSVBuffer` reserved: the report's dialect, spelled once here.
/// Writing past the room reserved (a bound below `textBound` or `numberBound`) stops the
/// process rather than corrupting memory.
public struct CSVCursor {
    public private(set) var position: UnsafeMutablePointer<UInt8>
    private let limit: UnsafeMutablePointer<UInt8>
    fileprivate private(set) var atRecordStart: Bool

    /// How far past a field's bytes `field(paddedFrom:count:)` may read its source, and store
    /// past the room reserved (`CSVBuffer` keeps that much more).
    public static let overread = 16

    /// The most a number field takes: a separator and the runtime's 32-byte scratch.
    public static let numberBound = 33
    /// The most a text field of `n` UTF-8 bytes takes: a separator, quotes, every byte doubled.
    @inlinable public static func textBound(_ n: Int) -> Int { 2 * n + 3 }

    fileprivate init(_ position: UnsafeMutablePointer<UInt8>, limit: UnsafeMutablePointer<UInt8>, atRecordStart: Bool) {
        self.position = position
        self.limit = limit
        self.atRecordStart = atRecordStart
    }

    private mutating func put(_ b: UInt8) {
        precondition(position < limit, "CSV field past the room reserved for it")
        position.pointee = b
        position += 1
    }

    private mutating func put(_ u: UnsafeBufferPointer<UInt8>) {
        guard let from = u.baseAddress, !u.isEmpty else { return }
        precondition(position + u.count <= limit, "CSV field past the room reserved for it")
        position.update(from: from, count: u.count)
        position += u.count
    }

    private mutating func separate() {
        if !atRecordStart { put(UInt8(ascii: ",")) }
        atRecordStart = false
    }

    /// Ends the record (CRLF).
    @inline(__always)
    public mutating func endRecord() {
        put(UInt8(ascii: "\r"))
        put(UInt8(ascii: "\n"))
        atRecordStart = true
    }

    /// A text field, quoted (quotes doubled) only when it holds a comma, a quote, CR or LF,
    /// scanned as bytes (a quote never occurs inside a multi-byte UTF-8 sequence).
    @inline(__always)
    public mutating func text(_ u: UnsafeBufferPointer<UInt8>) {
        separate()
        position = Self.separatedText(u, at: position, limit: limit)
    }

    /// `text`'s bytes after the separator, written at `at`; returns the position after them.
    /// A function of positions rather than a method on the cursor, like `fractional`, so that
    /// a caller's cursor stays in registers (a call given the cursor's address keeps it in
    /// memory, to be stored and loaded again around every field).
    @inline(never)
    private static func separatedText(_ u: UnsafeBufferPointer<UInt8>, at: UnsafeMutablePointer<UInt8>, limit: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        var cursor = CSVCursor(at, limit: limit, atRecordStart: false)
        cursor.textBytes(u)
        return cursor.position
    }

    private mutating func textBytes(_ u: UnsafeBufferPointer<UInt8>) {
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
            put(u)
            return
        }
        put(UInt8(ascii: "\""))
        if doubled {
            for b in u {
                put(b)
                if b == UInt8(ascii: "\"") { put(b) }
            }
        } else {
            put(u)
        }
        put(UInt8(ascii: "\""))
    }

    /// A text field as `text` writes it, from a source readable `overread` bytes past its end:
    /// looked through 8 bytes at a time for a byte that needs quoting (a row's SRCREF, NOTE
    /// and AVALC have none, as a rule) and then copied as `field(paddedFrom:count:)` does.
    @inline(__always)
    public mutating func text(paddedFrom u: UnsafePointer<UInt8>, count: Int) {
        var i = 0
        while i < count {
            var found = Self.quotedBytes(UnsafeRawPointer(u + i).loadUnaligned(as: UInt64.self))
            if count - i < 8 { found &= (1 &<< (8 &* UInt64(count - i))) &- 1 }
            if found != 0 {
                text(UnsafeBufferPointer(start: u, count: count))
                return
            }
            i += 8
        }
        separate()
        padded(u, count)
    }

    /// The high bit of each byte of `w` that is a comma, a quote, CR or LF (and perhaps of a
    /// byte after one: a borrow runs upwards only, so `w` holds one exactly when the result is
    /// not zero, and bytes below a cut-off are exact).
    @inline(__always)
    private static func quotedBytes(_ w: UInt64) -> UInt64 {
        @inline(__always) func equal(_ b: UInt8) -> UInt64 {
            let x = w ^ (UInt64(b) &* 0x0101_0101_0101_0101)
            return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
        }
        return equal(UInt8(ascii: ",")) | equal(UInt8(ascii: "\"")) | equal(UInt8(ascii: "\r")) | equal(UInt8(ascii: "\n"))
    }

    /// A text field from a String (bound: `textBound(s.utf8.count)`).
    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { text($0) }
    }

    /// A number: empty when missing, `inf`/`-inf` when infinite, whole numbers below 1e15
    /// without a decimal part, others as the shortest text that reads back to the same double,
    /// as Swift's `description` writes it, straight into the buffer: short decimals from their
    /// digits (`fewDecimals`), full-precision ones from exact arithmetic (`ShortestDecimal`),
    /// the rest (exponents, powers of two) by the runtime's own routine.
    /// The missing and whole cases, most of cfb.csv's numbers, are inlined at the caller; the
    /// rest is one call.
    @inline(__always)
    public mutating func number(_ x: Double) { number(x, fewDecimalsFirst: true) }

    /// `number` for a ratio (PCHG, R2BASE, L2R2BASE), whose digits are rarely few: the same
    /// text, without first trying it as a short decimal (`fewDecimals`), which on such values
    /// fails and cost a fifth of writing them (45 against 55 ns a number, alone).
    @inline(__always)
    public mutating func ratio(_ x: Double) { number(x, fewDecimalsFirst: false) }

    /// A number written earlier into the same room (one `CSVBuffer.append(atMost:_:)`): its
    /// bits and where its text lies.
    public struct WrittenNumber {
        fileprivate let bits: UInt64
        fileprivate let start: UnsafeMutablePointer<UInt8>
        fileprivate let count: Int
    }

    /// `number(x)` for a field that repeats row after row (BASE, the same through a subject's
    /// parameter): when `x` has the bits of `last`, the number this field wrote before in the
    /// same room, its text is copied rather than worked out again; `last` then describes `x`.
    @inline(__always)
    public mutating func number(_ x: Double, repeating last: inout WrittenNumber?) {
        separate()
        if let l = last, l.bits == x.bitPattern {
            // Copied in pieces of 16 bytes, read before each is stored: the text lies wholly
            // before the position, so none of its bytes is overwritten before it is read.
            precondition(l.start + l.count <= position, "a number written in another room")
            padded(l.start, l.count)
            return
        }
        let start = position
        numberText(x, fewDecimalsFirst: true)
        last = WrittenNumber(bits: x.bitPattern, start: start, count: position - start)
    }

    @inline(__always)
    private mutating func number(_ x: Double, fewDecimalsFirst: Bool) {
        separate()
        numberText(x, fewDecimalsFirst: fewDecimalsFirst)
    }

    /// `number`'s text, after its separator.
    @inline(__always)
    private mutating func numberText(_ x: Double, fewDecimalsFirst: Bool) {
        if x.isNaN { return }
        // Whole below 1e15: through Int64 and back rather than `rounded()` (a libm call per
        // number, 0.7 % of a CFB-only report). Infinities fail the first test.
        if abs(x) < 1e15, Double(Int64(x)) == x {
            integer(Int64(x))
            return
        }
        position = Self.fractional(x, fewDecimalsFirst: fewDecimalsFirst, at: position, limit: limit)
    }

    /// `number`'s infinities and numbers with a fractional part, written at `at`; returns the
    /// position after them (a function of positions: see `separatedText`).
    @inline(never)
    private static func fractional(
        _ x: Double, fewDecimalsFirst: Bool, at: UnsafeMutablePointer<UInt8>, limit: UnsafeMutablePointer<UInt8>
    ) -> UnsafeMutablePointer<UInt8> {
        var cursor = CSVCursor(at, limit: limit, atRecordStart: false)
        cursor.fractional(x, fewDecimalsFirst: fewDecimalsFirst)
        return cursor.position
    }

    /// Either way the text is `description`'s: `ShortestDecimal` finds the shortest digits of
    /// every value it takes, short decimals too; `fewDecimals` is only the faster way to them.
    @inline(__always)
    private mutating func fractional(_ x: Double, fewDecimalsFirst: Bool) {
        if x.isInfinite {
            if x < 0 { put(UInt8(ascii: "-")) }
            put(UInt8(ascii: "i"))
            put(UInt8(ascii: "n"))
            put(UInt8(ascii: "f"))
            return
        }
        if fewDecimalsFirst, let (digits, decimals) = Self.fewDecimals(x) {
            decimal(UInt64(digits), decimals, negative: x < 0)
            return
        }
        if let (digits, decimals) = ShortestDecimal.digits(x) {
            decimal(digits, decimals, negative: x < 0)
            return
        }
        // 32 bytes, as the stdlib uses; the routine leaves some zero digits unwritten, expecting
        // the buffer to hold ASCII zeros already.
        precondition(position + 32 <= limit, "CSV field past the room reserved for it")
        UnsafeMutableRawPointer(position).initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "0"), count: 32)
        position += Int(swiftFloat64ToString(position, 32, x, false))
    }

    /// A field already encoded as `text` would write it (a value repeated on many rows,
    /// encoded once: `CFBCodedRange`), from a source readable `overread` bytes past its end: copied 16 bytes at a time with no call (a field is a few bytes,
    /// and a library copy per field was most of writing them).
    @inline(__always)
    public mutating func field(paddedFrom encoded: UnsafePointer<UInt8>, count: Int) {
        separate()
        padded(encoded, count)
    }

    /// The first fields of a record, as this cursor wrote them for an earlier record of this
    /// buffer (`count` bytes at `start`, before the current position): a run of rows that
    /// share them copies them in one piece.
    @inline(__always)
    public mutating func recordStart(copying start: UnsafePointer<UInt8>, count: Int) {
        precondition(atRecordStart && start + count <= UnsafePointer(position), "not a record start written before")
        padded(start, count)
        atRecordStart = false
    }

    @inline(__always)
    private mutating func padded(_ from: UnsafePointer<UInt8>, _ count: Int) {
        precondition(position + count <= limit, "CSV field past the room reserved for it")
        var i = 0
        repeat {
            let chunk = UnsafeRawPointer(from + i).loadUnaligned(as: SIMD16<UInt8>.self)
            UnsafeMutableRawPointer(position + i).storeBytes(of: chunk, as: SIMD16<UInt8>.self)
            i += 16
        } while i < count
        position += count
    }

    /// `|x|` as `digits` / 10^`decimals` with the fewest decimals, at most six, when that
    /// quotient reads back as `|x|` itself, for 0.001 ≤ |x| < 10^6: a measured value (1.96,
    /// 27.94) rather than a ratio. That text is then the shortest that reads back to `x`, the
    /// one `description` writes: a shorter one would have fewer decimals, and `|x| × 10^6`
    /// (within 2.3 × 10^-4 of the exact product here) rounds to its digits followed by zeros;
    /// and no other text with as many decimals lies within half an ulp, their spacing being
    /// far wider. Nil otherwise (one multiplication decides for almost all full-precision
    /// values), and the runtime's routine writes the number.
    @inline(__always)
    static func fewDecimals(_ x: Double) -> (digits: Int64, decimals: Int)? {
        let a = abs(x)
        guard a >= 1e-3, a < 1e6 else { return nil }
        let scaled = a * 1e6
        let rounded = Int64(scaled + 0.5)
        guard abs(scaled - Double(rounded)) < 1e-3 else { return nil }
        var digits = rounded, decimals = 6
        while decimals > 0, digits % 10 == 0 {
            digits /= 10
            decimals -= 1
        }
        guard decimals > 0, Double(digits) / powersOfTen[decimals] == a else { return nil }
        return (digits, decimals)
    }

    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6]

    /// `digits` / 10^`decimals` in decimal notation (`0.05`, `-27.94`, `0.000123`), as
    /// `description` writes numbers from 10^-4 to 10^15: `decimals` ≥ 1 places, a zero before
    /// the point when there is no whole part. At most 18 digits and 21 places (24 bytes).
    @inline(__always)
    private mutating func decimal(_ digits: UInt64, _ decimals: Int, negative: Bool) {
        // The number of digits from the bit length (× log10 2 ≈ 1233 / 4096), then one compare.
        let estimate = ((64 - digits.leadingZeroBitCount) &* 1233) >> 12
        let count = max(1, estimate + (digits >= Self.powersOfTen64[estimate] ? 1 : 0))
        let whole = max(count - decimals, 1)
        if negative { put(UInt8(ascii: "-")) }
        precondition(position + whole + 1 + decimals <= limit, "CSV field past the room reserved for it")
        // Right to left, each byte stored once where it belongs (read back, bytes just stored
        // in pieces stall the load): the places, the point, the whole part.
        var p = position + whole + 1 + decimals, rest = digits
        Self.lowDigits(of: &rest, count: decimals, before: &p)
        p -= 1
        p.pointee = UInt8(ascii: ".")
        Self.lowDigits(of: &rest, count: whole, before: &p)
        position += whole + 1 + decimals
    }

    /// The `count` lowest decimal digits of `rest` (zeros where it runs out), written right to
    /// left, one, eight or two at a time, ending just before `end`; `rest` keeps the digits
    /// above them and `end` moves to the first written.
    @inline(__always)
    private static func lowDigits(of rest: inout UInt64, count: Int, before end: inout UnsafeMutablePointer<UInt8>) {
        var n = count
        if n & 1 == 1 {
            end -= 1
            end.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            n -= 1
        }
        while n >= 8 {
            end -= 8
            eightDigits(UInt32(truncatingIfNeeded: rest % 100_000_000), at: end)
            rest /= 100_000_000
            n -= 8
        }
        let pairs = digitPairs.utf8Start
        while n > 0 {
            let pair = Int(rest % 100) &* 2
            rest /= 100
            end -= 2
            end[0] = pairs[pair]
            end[1] = pairs[pair + 1]
            n -= 2
        }
    }

    /// `v` (below 10^8) as eight digits, zeros first, at `p`.
    @inline(__always)
    private static func eightDigits(_ v: UInt32, at p: UnsafeMutablePointer<UInt8>) {
        let pairs = digitPairs.utf8Start
        let high = v / 10_000, low = v % 10_000
        let a = Int(high / 100) &* 2, b = Int(high % 100) &* 2, c = Int(low / 100) &* 2, d = Int(low % 100) &* 2
        p[0] = pairs[a]
        p[1] = pairs[a + 1]
        p[2] = pairs[b]
        p[3] = pairs[b + 1]
        p[4] = pairs[c]
        p[5] = pairs[c + 1]
        p[6] = pairs[d]
        p[7] = pairs[d + 1]
    }

    // Spelled out rather than computed, so that the compiler initializes it statically: a
    // computed static is reached through `swift_once` on every use, some 0.7 % of a CFB-only
    // report's samples between this table and `ShortestDecimal`'s.
    private static let powersOfTen64: [UInt64] = [
        1, 10, 100, 1000, 10000,
        100000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// A whole number in decimal, as `String(Int64)` writes it: two digits at a time from a
    /// table (a division by 100 per pair, instead of a division by 10 per digit, twice).
    @inline(__always)
    private mutating func integer(_ v: Int64) {
        if v < 0 { put(UInt8(ascii: "-")) }
        var m = v.magnitude, digits = 1, power: UInt64 = 10
        // At most 19 digits (|v| < 10^19), so `power` stops at 10^19, which UInt64 holds.
        while digits < 19, m >= power {
            digits += 1
            power &*= 10
        }
        precondition(position + digits <= limit, "CSV field past the room reserved for it")
        let pairs = Self.digitPairs.utf8Start
        var k = digits
        while m >= 100 {
            let pair = Int(m % 100) &* 2
            m /= 100
            k -= 2
            position[k] = pairs[pair]
            position[k + 1] = pairs[pair + 1]
        }
        if m >= 10 {
            position[0] = pairs[Int(m) &* 2]
            position[1] = pairs[Int(m) &* 2 + 1]
        } else {
            position[0] = UInt8(ascii: "0") + UInt8(m)
        }
        position += digits
    }

    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
}

/// The routine behind `Double.description` (shortest digits that read back to the same double),
/// exported by the Swift runtime; returns the number of bytes written.
@_silgen_name("swift_float64ToString")
private func swiftFloat64ToString(
    _ buffer: UnsafeMutablePointer<UInt8>, _ bufferLength: UInt, _ value: Double, _ debug: Bool
) -> UInt64
