#if canImport(Glibc)
    import Glibc
#endif

/// How the C allocator treats large blocks a one-shot command frees, for a process that
/// allocates and frees column arrays of megabytes again and again (a report: every range's and
/// every parameter's columns). glibc serves such blocks by `mmap` and returns them to the kernel
/// when freed, or trims them off its heap; each new array then takes a page fault and a zeroed
/// page per 4 KiB. At 10 M measurements that was 222–342 thousand faults in a whole report and
/// 77–124 thousand in `--tables cfb`; kept for reuse, 127–137 and 39–41 thousand, for a peak of
/// 537–549 MB against 511–542 (docs/performance.md, sixteenth pass). Not for a long-running
/// server, which should give memory back between requests: the CLI calls it, the portal does not.
public enum FreedMemory {
    /// Blocks below `largestReused` bytes come from the allocator's heap, and up to
    /// `retainedBytes` freed at its top stay there (glibc's `M_MMAP_THRESHOLD` and
    /// `M_TRIM_THRESHOLD`). Both must be set: a trim threshold alone turns off glibc's adaptive
    /// mmap threshold, and every block above 128 KiB was then mapped afresh (1.8 million faults).
    /// Elsewhere than glibc, nothing changes.
    public static func keepForReuse(largestReused: Int32 = 64 << 20, retainedBytes: Int32 = 256 << 20) {
        #if canImport(Glibc)
            // <malloc.h> is not part of Swift's Glibc module: `mallopt` is looked up by name,
            // and its two parameters are <malloc.h>'s M_MMAP_THRESHOLD and M_TRIM_THRESHOLD.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            let mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1
            _ = mallopt(mmapThreshold, largestReused)
            _ = mallopt(trimThreshold, retainedBytes)
        #endif
    }
}
