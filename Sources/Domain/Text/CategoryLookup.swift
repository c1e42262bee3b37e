/// Finds the code of one text column's values, row after row (a store block's, a report
/// range's). −1 is the empty string (missing).
///
/// This runs for every column of every row, so it goes cheapest first: the previous row's value;
/// a small cache keyed by the string's own representation (`StringIdentityCache`: an interned
/// string is the same object row after row); then by content, as the bytes the row group's
/// `CategoryTable` keys them by (hashing a `String` normalises non-ASCII text first: every
/// derived value's formula has a `×`).
@frozen
public struct CategoryLookup: Sendable {
    @usableFromInline var last = ""
    @usableFromInline var lastCodeStored: Int32 = -1
    @usableFromInline var recent = StringIdentityCache<Int32>(slots: 256)
    @usableFromInline var byContent = CategoryTable()

    @inlinable public init() {}

    /// The code `code(for:)` gave last.
    @inlinable public var lastCode: Int32 { lastCodeStored }

    @inlinable @inline(__always)
    public func isLast(_ s: String) -> Bool {
        StringIdentityCache<Int32>.representation(s) == StringIdentityCache<Int32>.representation(last)
    }

    /// The code of `s` (not the last value), calling `add` when it is new to the block.
    @inlinable
    public mutating func code(for s: String, add: () -> Void) -> Int32 {
        let code: Int32
        if let known = recent.value(for: s) {
            code = known
        } else {
            if s.isEmpty {
                code = -1
            } else {
                let known = byContent.count
                code = byContent.code(for: s)
                if byContent.count != known { add() }
            }
            recent.store(code, for: s)
        }
        last = s
        lastCodeStored = code
        return code
    }
}
