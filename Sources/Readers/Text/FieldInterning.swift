#if canImport(Glibc)
    import Glibc
#endif

/// Turns a column's raw bytes into a value once per distinct value: long exports repeat the
/// same subject, visit, date, analyte and unit on thousands of rows, and decoding, trimming and
/// validating them again on every row is most of what parsing costs. Fields longer than 32
/// bytes are not cached (they are rare and rarely repeat).
///
/// The look-up is on every field of every row, so it is an open-addressing table over the
/// field's bytes packed into four words, with a multiplicative hash: no `Hasher`, no `String`.
public struct FieldInterning<Value> {
    private struct Key: Equatable {
        var a: UInt64, b: UInt64, c: UInt64, d: UInt64, count: Int
    }
    private var keys: [Key] = []
    private var values: [Value?] = []
    private var used = 0
    private var mask = -1
    private var lastKey = Key(a: 0, b: 0, c: 0, d: 0, count: -1)
    private var lastValue: Value?
    private let limit: Int

    /// `limit`: distinct values kept before the cache is cleared (bounds memory on columns that
    /// do not repeat).
    public init(limit: Int = 4096) { self.limit = limit }

    /// The value for these bytes, computing it with `make` on first sight.
    public mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, _ make: () throws -> Value) rethrows -> Value {
        guard bytes.count <= 32 else { return try make() }
        let key = Self.key(bytes)
        if key == lastKey, let v = lastValue { return v }
        if mask < 0 { reset(capacity: 64) }
        var i = Self.slot(key, mask)
        while let v = values[i] {
            if keys[i] == key {
                lastKey = key
                lastValue = v
                return v
            }
            i = (i + 1) & mask
        }
        let v = try make()
        if used >= limit {
            // Too many distinct values: start afresh rather than grow without bound.
            reset(capacity: keys.count)
            i = Self.slot(key, mask)
        } else if (used + 1) * 2 > mask + 1 {
            grow()
            i = Self.slot(key, mask)
            while values[i] != nil { i = (i + 1) & mask }
        }
        keys[i] = key
        values[i] = v
        used += 1
        lastKey = key
        lastValue = v
        return v
    }

    private mutating func reset(capacity: Int) {
        keys = Array(repeating: Key(a: 0, b: 0, c: 0, d: 0, count: -1), count: capacity)
        values = Array(repeating: nil, count: capacity)
        mask = capacity - 1
        used = 0
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        reset(capacity: keys.count * 2)
        for (k, v) in zip(oldKeys, oldValues) {
            guard let v else { continue }
            var i = Self.slot(k, mask)
            while values[i] != nil { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
            used += 1
        }
    }

    @inline(__always)
    private static func slot(_ k: Key, _ mask: Int) -> Int {
        var h = k.a &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ k.b) &* 0xff51_afd7_ed55_8ccd
        h = (h ^ k.c) &* 0xc4ce_b9fe_1a85_ec53
        h = (h ^ k.d ^ UInt64(k.count)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h >> 32) & mask
    }

    /// The bytes packed into four words, zero-padded.
    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> Key {
        let n = bytes.count
        guard n > 0 else { return Key(a: 0, b: 0, c: 0, d: 0, count: 0) }
        let p = UnsafeRawPointer(bytes.baseAddress!)
        @inline(__always) func word(_ at: Int) -> UInt64 {
            let left = n - at
            if left >= 8 { return p.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
            if left <= 0 { return 0 }
            // The last 1–7 bytes: two overlapping 4-byte loads, or bytes one by one.
            if left >= 4 {
                let lo = UInt64(p.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                let hi = UInt64(p.loadUnaligned(fromByteOffset: at + left - 4, as: UInt32.self))
                return lo | (hi << (8 * UInt64(left - 4)))
            }
            var w: UInt64 = 0
            for i in 0..<left { w |= UInt64(p.load(fromByteOffset: at + i, as: UInt8.self)) << (8 * UInt64(i)) }
            return w
        }
        return Key(a: word(0), b: word(8), c: word(16), d: word(24), count: n)
    }
}

extension NumberParsing {
    /// Parses a plain decimal number (`12`, `-3.5`, `4.43E+05`) straight from bytes, without
    /// building a String, by the same rules as `NumberParsing.double` (no hex, no infinity, no
    /// underflow). Returns nil for anything else (spaces, `%`, qualifiers, decimal commas), so
    /// callers fall back to the full parser.
    public static func plainDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        guard n > 0, n < 64 else { return nil }
        if let d = fastPlainDouble(bytes) { return d }
        return decimal(bytes)
    }

    /// `[-]digits[.digits]` with at most 15 significant digits, without `strtod`: the digits as
    /// an integer (exact below 2^53) divided by a power of ten (exact up to 10^22) is correctly
    /// rounded, so the result is the one `strtod` gives (Clinger's fast path). nil otherwise.
    @inline(__always)
    static func fastPlainDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let n = bytes.count
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fraction = 0
        var seenPoint = false
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else {
                let d = b &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                if mantissa != 0 || d != 0 { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(d)
                if seenPoint { fraction += 1 }
            }
            i += 1
        }
        guard digits <= 15, fraction <= 22, n > (negative ? 1 : 0) + (seenPoint ? 1 : 0) else { return nil }
        let magnitude = Double(mantissa) / powersOfTen[fraction]
        return negative ? -magnitude : magnitude
    }

    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }
}
