import Foundation

/// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): turns one 64-bit seed into well-mixed words.
/// Used only to seed `SynthRandom` and to derive independent streams from labels.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The generator's own pseudo-random numbers: xoshiro256** (Blackman & Vigna 2018), seeded by
/// SplitMix64. Never the system generator, so that the same seed gives the same bytes on every
/// run and every machine.
///
/// Each part of the data draws from its own stream, named by a label
/// (`NCT05495321/DM01-003/flow`), so adding a column to one export does not shift the numbers of
/// every other file.
public struct SynthRandom: Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    /// An independent stream for `label` under `seed`.
    public init(seed: UInt64, stream label: String) {
        self.init(seed: seed ^ Self.fnv1a(label) &* 0x2545_F491_4F6C_DD1D)
    }

    /// FNV-1a, 64-bit: a stable hash of the label's UTF-8 bytes (Swift's `Hasher` is randomly
    /// seeded per process and so cannot be used here).
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// Uniform integer in the closed range, without modulo bias (Lemire's multiply-and-reject).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int(truncatingIfNeeded: next()) }
        var m = next().multipliedFullWidth(by: span)
        if m.low < span {
            let threshold = (0 &- span) % span
            while m.low < threshold { m = next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound + Int(m.high)
    }

    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal by Box–Muller (one of the pair; simplicity over speed).
    public mutating func normal() -> Double {
        var u1 = uniform()
        while u1 <= 0 { u1 = uniform() }
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    public mutating func normal(_ mean: Double, _ sd: Double) -> Double { mean + sd * normal() }

    /// Log-normal with the given median and coefficient of variation (biological quantities:
    /// event counts, cytokine levels, enzyme activities).
    public mutating func logNormal(median: Double, cv: Double) -> Double {
        let sigma = log(1 + cv * cv).squareRoot()
        return median * exp(sigma * normal())
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// Fisher–Yates.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(0...i))
        }
    }

    /// Poisson by Knuth's product method for small means, normal approximation above 60.
    public mutating func poisson(_ lambda: Double) -> Int {
        if lambda <= 0 { return 0 }
        if lambda > 60 { return max(0, Int((normal(lambda, lambda.squareRoot())).rounded())) }
        let limit = exp(-lambda)
        var k = 0
        var p = uniform()
        while p > limit {
            k += 1
            p *= uniform()
        }
        return k
    }

    /// Binomial(n, p): the events of a gate drawn from its parent. Normal approximation when both
    /// expected counts are large, Poisson on the rarer side otherwise.
    public mutating func binomial(_ n: Int, _ p: Double) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        let mean = Double(n) * p
        let q = 1 - p
        if mean > 30 && Double(n) * q > 30 {
            let x = normal(mean, (mean * q).squareRoot()).rounded()
            return min(n, max(0, Int(x)))
        }
        if p <= 0.5 { return min(n, poisson(mean)) }
        return n - min(n, poisson(Double(n) * q))
    }
}
