/// The shortest decimal that reads back to a double, found with exact integer arithmetic, for
/// the doubles cfb.csv writes most: full-precision ratios (PCHG, R2BASE, L2R2BASE) between
/// 10^-4 and 10^15, where `Double.description` writes plain decimals. The runtime's routine
/// (`swift_float64ToString`) was a tenth of a CFB-only report's CPU, three calls a row; this is
/// one 128-bit product and a few divisions by constants.
///
/// Why it is exact. A positive double is `m × 2^-q` (53-bit `m`); it reads back from any
/// decimal strictly inside `((2m − 1) × 2^-(q+1), (2m + 1) × 2^-(q+1))`. Scaled by `10^k`
/// (`k` chosen so that `x × 10^k` has 17 or 18 digits) and by `2^(q+1)`, the two ends are the
/// integers `2m × 10^k ∓ 10^k` (below 2^124), and the decimals of at most `k` places inside the
/// interval are the integers strictly between the ends divided by `2^(q+1)`: at least one, the
/// interval being wider than 1 at that scale. The shortest decimals are then those multiples of
/// `10^t` in that range with `t` largest, and of them `description` writes the one nearest `x`.
/// Three cases are left to the runtime, so as never to differ from it: an end of the interval
/// that is itself a decimal of at most `k` places (whether it reads back depends on the
/// rounding of ties, `m` even or odd), an exact tie between the two nearest candidates, and a
/// power of two (whose interval is narrower below than above).
enum ShortestDecimal {
    /// `|x|` as `digits / 10^decimals` (`digits` not a multiple of 10, `decimals` ≥ 1), or nil
    /// when `|x|` lies outside [10^-4, 10^15), is whole, or is one of the three cases above.
    @inline(__always)
    static func digits(_ x: Double) -> (digits: UInt64, decimals: Int)? {
        let bits = x.magnitude.bitPattern
        let fraction = bits & (1 << 52 - 1)
        let biased = Int(bits >> 52)
        // 2^-14 < 10^-4 and 2^50 > 10^15: the exponent rules out most of the rest cheaply.
        guard x.magnitude >= 1e-4, x.magnitude < 1e15, fraction != 0 else { return nil }
        let m = UInt128(fraction | 1 << 52)
        let q = 1075 - biased // |x| = m × 2^-q; 3 ≤ q ≤ 66 in this range
        // floor(log10(2^e)) for the binary exponent e, by the usual fixed-point product; |x|
        // has that many or one more digits before its point, so `k` gives 17 or 18 digits.
        let e2 = biased - 1023
        let k = 16 - ((e2 * 78913) >> 18)
        let p = powersOfTen[k]
        let n = m * p << 1 // x × 10^k × 2^(q+1)
        let low = n - p, high = n + p
        let shift = q + 1
        let mask = UInt128(1) << shift - 1
        guard low & mask != 0, high & mask != 0 else { return nil }
        let smallest = UInt64(truncatingIfNeeded: low >> shift) + 1
        let largest = UInt64(truncatingIfNeeded: high >> shift)
        guard smallest <= largest else { return nil }
        // The most trailing zeros a number in [smallest, largest] can have: the largest `t`
        // with a multiple of 10^t in the range, that is with ⌊largest / 10^t⌋ above
        // ⌊(smallest − 1) / 10^t⌋; divided by 10 a step at a time (constant divisors, so
        // multiplications), along with x × 10^k's whole part.
        let whole = UInt64(truncatingIfNeeded: n >> shift), rest = n & mask
        var top = largest, bottom = smallest - 1, units = whole, t = 0
        while true {
            let top10 = top / 10, bottom10 = bottom / 10
            guard top10 > bottom10 else { break }
            top = top10
            bottom = bottom10
            units /= 10
            t += 1
        }
        // The two multiples of 10^t either side of x × 10^k, in units of 10^t: the nearer one
        // inside the range (above `bottom`, at most `top`).
        let unit = UInt64(truncatingIfNeeded: powersOfTen[t])
        let below = units, above = units + 1
        let chosen: UInt64
        switch (below > bottom, above <= top) {
        case (true, true):
            let belowDistance = UInt128(whole - below &* unit) << shift + rest
            let aboveDistance = UInt128(above &* unit - whole) << shift - rest
            guard belowDistance != aboveDistance else { return nil }
            chosen = belowDistance < aboveDistance ? below : above
        case (true, false): chosen = below
        case (false, true): chosen = above
        case (false, false): return nil
        }
        guard k - t >= 1 else { return nil }
        return (chosen, k - t)
    }

    /// 10^0 … 10^21: `k` runs from 2 (just below 10^15) to 21 (at 10^-4).
    /// Spelled out, as `CSVCursor`'s are, to be initialized statically (no `swift_once` per use).
    private static let powersOfTen: [UInt128] = [
        1, 10, 100, 1000,
        10000, 100000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000, 10_000_000_000, 100_000_000_000,
        1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
        100_000_000_000_000_000_000, 1_000_000_000_000_000_000_000,
    ]
}
