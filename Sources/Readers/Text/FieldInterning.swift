#if canImport(Glibc)
import Glibc
#endif

/// Turns a column's raw bytes into a value once per distinct value: long exports repeat the
/// same subject, visit, date, analyte and unit on thousands of rows, and decoding, trimming and
/// validating them again on every row is most of what parsing costs. Fields longer than 32
/// bytes are not cached (they are rare and rarely repeat).
public struct FieldInterning<Value> {
    private struct Key: Hashable {
        var a: UInt64, b: UInt64, c: UInt64, d: UInt64, count: Int
    }
    private var table: [Key: Value] = [:]
    private var lastKey: Key?
    private var lastValue: Value?
    private let limit: Int

    /// `limit`: distinct values kept before the cache is cleared (bounds memory on columns that
    /// do not repeat).
    public init(limit: Int = 4096) { self.limit = limit }

    /// The value for these bytes, computing it with `make` on first sight.
    public mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, _ make: () throws -> Value) rethrows -> Value {
        guard bytes.count <= 32 else { return try make() }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            if let base = bytes.baseAddress, bytes.count > 0 { raw.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        }
        let key = Key(a: words.0, b: words.1, c: words.2, d: words.3, count: bytes.count)
        if key == lastKey, let v = lastValue { return v }
        if let v = table[key] {
            lastKey = key; lastValue = v
            return v
        }
        let v = try make()
        if table.count >= limit { table.removeAll(keepingCapacity: true) }
        table[key] = v
        lastKey = key; lastValue = v
        return v
    }
}

extension NumberParsing {
    /// Parses a plain decimal number (`12`, `-3.5`, `4.43E+05`) straight from bytes, without
    /// building a String. Returns nil for anything else (spaces, `%`, qualifiers, decimal commas),
    /// so callers fall back to the full parser.
    public static func plainDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        guard n > 0, n < 64 else { return nil }
        for b in bytes {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"),
                 UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return nil
            }
        }
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw -> Double? in
            let p = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            raw.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: n)
            var end: UnsafeMutablePointer<CChar>?
            let d = strtod(p, &end)
            guard let end, end - p == n, d.isFinite else { return nil }
            return d
        }
    }
}
