extension String {
    /// This text with some Unicode scalars replaced: `replacement` returns the text that stands
    /// for a scalar, or nil to keep it. Walks scalars, never Characters, so that a character that
    /// needs escaping cannot hide inside a grapheme cluster (a quote followed by a combining
    /// accent is one Character). JSON and XML/HTML escaping are both this walk with another table.
    public func replacingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = String.UnicodeScalarView()
        for u in unicodeScalars {
            if let text = replacement(u) { out.append(contentsOf: text.unicodeScalars) } else { out.append(u) }
        }
        return String(out)
    }
}
