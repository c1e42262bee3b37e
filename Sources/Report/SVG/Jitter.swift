/// Sideways jitter for points that share an x position, derived from a stable hash (FNV-1a) of
/// the point's key so that the same subject lands in the same place every time the report is
/// built (Swift's `Hasher` is seeded per process).
public enum Jitter {
    /// An offset in −1…1.
    public static func offset(_ key: String) -> Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return Double(h % 10_001) / 5_000 - 1
    }
}
