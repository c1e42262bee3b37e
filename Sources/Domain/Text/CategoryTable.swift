/// The distinct values of a categorical column and their codes, compactly: all values' UTF-8
/// bytes in one buffer, an offset per value, and an open-addressing table of codes. About 30
/// bytes per distinct value instead of the ~90 a `[String: Int32]` plus `[String]` costs, which
/// is what keeps a 10-million-row ingest with 450,000 distinct sample names within a few MB of a
/// 1-million-row one.
///
/// Keyed by bytes, not by `String` equality: two spellings Unicode calls equal (a composed and a
/// decomposed "é") stay two values, each stored as written (docs/store-format.md).
/// Inlinable: the store's column builders and the report's coder call it across modules.
@frozen
public struct CategoryTable: Sendable {
    @usableFromInline var bytes: [UInt8] = []
    @usableFromInline var offsets: [Int32] = [0]
    @usableFromInline var slots: [Int32] = Array(repeating: -1, count: 64)
    @usableFromInline var mask = 63

    @inlinable public init() {}

    @inlinable public var count: Int { offsets.count - 1 }

    /// Memory held: the values' bytes, their offsets and the hash table.
    @inlinable public var byteSize: Int { bytes.capacity + offsets.capacity * 4 + slots.capacity * 4 }

    /// The code of `value`, adding it when new.
    @inlinable
    public mutating func code(for value: String) -> Int32 {
        var v = value
        return v.withUTF8 { code(for: $0) }
    }

    @inlinable
    public mutating func code(for utf8: UnsafeBufferPointer<UInt8>) -> Int32 {
        var i = Int(truncatingIfNeeded: Self.hash(utf8)) & mask
        while true {
            let c = slots[i]
            if c < 0 { break }
            if equals(Int(c), utf8) { return c }
            i = (i + 1) & mask
        }
        let code = Int32(count)
        bytes.append(contentsOf: utf8)
        offsets.append(Int32(bytes.count))
        slots[i] = code
        if count * 2 > mask { grow() }
        return code
    }

    /// Value number `i`.
    @inlinable
    public func value(_ i: Int) -> String {
        let start = Int(offsets[i]), end = Int(offsets[i + 1])
        return bytes[start..<end].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    /// Values `range`, for writing the categories a slice at a time.
    @inlinable
    public func values(_ range: Range<Int>) -> [String] { range.map(value) }

    @inlinable
    func equals(_ i: Int, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(offsets[i]), end = Int(offsets[i + 1])
        guard end - start == utf8.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            utf8.count == 0 || memcmp(all.baseAddress! + start, utf8.baseAddress!, utf8.count) == 0
        }
    }

    @usableFromInline
    mutating func grow() {
        mask = mask * 2 + 1
        slots = Array(repeating: -1, count: mask + 1)
        bytes.withUnsafeBufferPointer { all in
            for c in 0..<count {
                let start = Int(offsets[c]), end = Int(offsets[c + 1])
                let slice = UnsafeBufferPointer(rebasing: all[start..<end])
                var i = Int(truncatingIfNeeded: Self.hash(slice)) & mask
                while slots[i] >= 0 { i = (i + 1) & mask }
                slots[i] = Int32(c)
            }
        }
    }

    /// FNV-1a, 64-bit, with a final avalanche: fast for the short strings categories hold.
    @inlinable
    static func hash(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}

#if canImport(Glibc)
    import Glibc
#endif
