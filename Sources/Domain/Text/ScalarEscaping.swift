extension String {
    /// This text with some Unicode scalars replaced: `replacement` returns the text that stands
    /// for a scalar, or nil to keep it. Walks scalars, never Characters, so that a character that
    /// needs escaping cannot hide inside a grapheme cluster (a quote followed by a combining
    /// accent is one Character). JSON and XML/HTML escaping are both this walk with another table.
    ///
    /// Linear in the text: runs of kept scalars are copied as slices of bytes into one growing
    /// String. (`UnicodeScalarView.append(contentsOf:)` rebuilt the whole text on every call, so
    /// a 4 MB field full of escapes took minutes: found by the reader fuzzer.)
    public func replacingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        let scalars = unicodeScalars
        var out = ""
        var kept = scalars.startIndex
        var i = kept
        while i != scalars.endIndex {
            let next = scalars.index(after: i)
            if let text = replacement(scalars[i]) {
                if out.isEmpty { out.reserveCapacity(utf8.count + 16) }
                if kept != i { out.append(contentsOf: Substring(scalars[kept..<i])) }
                out.append(text)
                kept = next
            }
            i = next
        }
        // Nothing replaced: the text itself, not a copy.
        if kept == scalars.startIndex { return self }
        if kept != scalars.endIndex { out.append(contentsOf: Substring(scalars[kept...])) }
        return out
    }
}
