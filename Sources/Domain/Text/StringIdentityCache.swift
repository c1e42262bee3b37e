/// A small direct-mapped cache keyed by a string's own 16-byte in-memory representation rather
/// than by its content, for hot loops that see the same few string objects again and again (a
/// file's column names in every row, a column's categories in every row).
///
/// Equal representations are equal strings: a heap string's representation holds its storage
/// object's address, and the cache holds the strings it keys by, so an address cannot be reused
/// by another text while its entry is here; a short string (up to 15 UTF-8 bytes) is stored
/// inline, so its representation is its bytes. The converse does not hold (two objects with the
/// same text miss each other), which only costs a miss: the caller then looks the text up by
/// content and stores the answer. Slots are overwritten on collision, so memory is bounded.
///
/// Inlinable: it runs once per value in ingest, and an unspecialised generic across modules
/// would cost more than the hashing it saves.
@frozen
public struct StringIdentityCache<Value> {
    @usableFromInline var keys: [String]
    @usableFromInline var values: [Value?]
    /// 64 − log2(slots): a slot is the top bits of a multiplicative hash.
    @usableFromInline let shift: UInt64

    /// `slots` is rounded up to a power of two (at least 2).
    @inlinable
    public init(slots: Int = 256) {
        var n = 2, bits: UInt64 = 1
        while n < slots {
            n <<= 1
            bits += 1
        }
        keys = Array(repeating: "", count: n)
        values = Array(repeating: nil, count: n)
        shift = 64 - bits
    }

    /// A string's in-memory representation (two words on 64-bit platforms).
    @inlinable @inline(__always)
    public static func representation(_ s: String) -> (UInt64, UInt64) {
        precondition(MemoryLayout<String>.size == 16, "StringIdentityCache assumes 64-bit strings")
        return withUnsafeBytes(of: s) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
    }

    @inlinable @inline(__always)
    func slot(_ bits: (UInt64, UInt64)) -> Int {
        Int(truncatingIfNeeded: ((bits.0 ^ (bits.1 &* 0x9E37_79B9_7F4A_7C15)) &* 0xff51_afd7_ed55_8ccd) >> shift)
    }

    /// The value stored for this very string, if its slot still holds it.
    @inlinable @inline(__always)
    public func value(for s: String) -> Value? {
        let bits = Self.representation(s)
        let i = slot(bits)
        return Self.representation(keys[i]) == bits ? values[i] : nil
    }

    /// Remembers `value` for `s`, replacing whatever shared its slot.
    @inlinable
    public mutating func store(_ value: Value, for s: String) {
        let i = slot(Self.representation(s))
        keys[i] = s
        values[i] = value
    }
}

extension StringIdentityCache: Sendable where Value: Sendable {}
