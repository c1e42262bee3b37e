#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finding a run of bytes in a buffer (a multipart boundary in an upload, a marker in a file's
/// head): `memchr` to the next candidate first byte, then `memcmp`. One implementation for the
/// readers and the server.
public enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack`; nil when there is none or
    /// `needle` is empty.
    public static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        let h = haystack.baseAddress!
        let last = haystack.count - needle.count
        var i = 0
        while i <= last {
            guard let p = memchr(h + i, Int32(first), last - i + 1) else { return nil }
            i = h.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if memcmp(h + i, needle.baseAddress!, needle.count) == 0 { return i }
            i += 1
        }
        return nil
    }

    public static func firstOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        needle.withUnsafeBufferPointer { n in haystack.withUnsafeBufferPointer { firstOffset(of: n, in: $0) } }
    }
}
