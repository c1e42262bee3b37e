#if canImport(Glibc)
    import Glibc
#endif

/// Asks the kernel to back a large buffer with transparent huge pages (2 MiB) where the
/// system allows it (`/sys/kernel/mm/transparent_hugepage/enabled` set to `madvise`, Debian's
/// default): filling a fresh 200 MB array of records page by page took a page fault per
/// 4 KiB, a fifth of the report's per-parameter step at 10 M rows. Advice only: where huge
/// pages are off, or on other systems, nothing changes.
public enum HugePages {
    /// Below this a buffer gains nothing (it would not span a huge page).
    public static let worthwhileBytes = 4 << 20
    /// A huge page's size (x86-64 and arm64 with 4 KiB pages): a buffer allocated at this
    /// alignment is covered by whole huge pages, none of it left to small ones at its ends.
    public static let alignment = 2 << 20

    public static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
            guard byteCount >= worthwhileBytes else { return }
            let page = 4096
            let from = (Int(bitPattern: start) + page - 1) & ~(page - 1)
            let to = (Int(bitPattern: start) + byteCount) & ~(page - 1)
            guard to > from, let p = UnsafeMutableRawPointer(bitPattern: from) else { return }
            _ = madvise(p, to - from, MADV_HUGEPAGE)
        #endif
    }
}
