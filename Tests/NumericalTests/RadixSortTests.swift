import TestSupport
import Testing

@testable import Numerical

/// The radix order must be exactly a stable sort by `<`: summaries, medians and quantiles are
/// written byte for byte, and −0 against +0 (equal under `<`) would print differently if the
/// order of equal values changed.
@Suite struct RadixSortTests {
    /// Values of every kind the order must place: signed zeros, ties, infinities, subnormals,
    /// huge and tiny magnitudes, and ordinary measurements.
    static func values(count: Int, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        let specials: [Double] = [
            0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1, -1, 1e-300, -1e300,
        ]
        return (0..<count).map { _ in
            switch g.next() % 4 {
            case 0: return specials[Int(g.next() % UInt64(specials.count))]
            case 1: return Double(Int(g.next() % 21) - 10) // many ties
            case 2: return Double.random(in: -1e6...1e6, using: &g)
            default: return Double(bitPattern: g.next() & ~(0x7FF0_0000_0000_0000)) * (g.next() % 2 == 0 ? 1 : -1e10)
            }
        }
    }

    @Test(arguments: [0, 1, 2, 5, 95, 96, 97, 500, 4_096, 70_000])
    func orderIsTheStableComparisonOrder(count: Int) {
        for seed in UInt64(1)...6 {
            let v = Self.values(count: count, seed: seed &* 7919 &+ UInt64(count))
            let expected = v.indices.sorted { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }.map(Int32.init)
            let got = RadixSort.order(v)
            #expect(got == expected, "count \(count), seed \(seed)")
            // The sorted values, signs of zeros included, are those of a stable sort.
            #expect(RadixSort.sorted(v).map(\.bitPattern) == expected.map { v[Int($0)].bitPattern })
        }
    }

    @Test func signedZerosKeepTheirOrder() {
        let v: [Double] = Array(repeating: [0.0, -0.0, 2, -0.0, 0.0, -1], count: 40).flatMap { $0 }
        let sorted = RadixSort.sorted(v)
        // The −1s, then the zeros in input order (0, −0, −0, 0 repeated), then the 2s.
        let zeros = sorted.filter { $0 == 0 }.map { $0.sign == .minus }
        #expect(zeros == Array(repeating: [false, true, true, false], count: 40).flatMap { $0 })
        #expect(sorted.first == -1 && sorted.last == 2)
    }
}
