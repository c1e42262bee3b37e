import TestSupport

/// The fuzz tests' random source: a seed gives the same mutated inputs on every machine, so a
/// fuzz finding can be replayed from its seed.
typealias FuzzRandom = SeededGenerator

/// The damage real files suffer, and what a hostile upload would try: flipped and inserted
/// bytes, truncation, duplicated or dropped lines, invalid UTF-8 (also inside XML names),
/// enormous fields, odd numbers and delimiters.
struct FuzzMutator {
    /// Largest field a "huge field" mutation inserts.
    var hugeFieldBytes: Int

    static let kinds = [
        "flip", "set", "insert", "delete", "truncate", "duplicate-line", "drop-line",
        "invalid-utf8", "huge-field", "delimiter", "number", "splice",
    ]

    /// Applies one to four mutations; returns their names (for the report of a finding).
    func mutate(_ bytes: inout [UInt8], _ rng: inout FuzzRandom) -> [String] {
        var applied: [String] = []
        for _ in 0..<(1 + rng.below(4)) {
            let kind = rng.pick(Self.kinds)
            apply(kind, &bytes, &rng)
            applied.append(kind)
        }
        return applied
    }

    private static let invalidUTF8: [[UInt8]] = [
        [0xC0, 0xAF], [0xFF], [0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xC3], [0xFE, 0xFF],
    ]
    private static let numbers: [String] = [
        "0x1F", "1e-400", "1e400", "nan", "NaN", "inf", "-Infinity", "-0", "1,5", "", "99999999999999999999999",
        "1.2.3", "+-1", "1e", ".", "-", "4.43E+05", "١٢", "0b101", "1_000",
    ]

    private func apply(_ kind: String, _ b: inout [UInt8], _ rng: inout FuzzRandom) {
        let n = b.count
        switch kind {
        case "flip" where n > 0:
            b[rng.below(n)] ^= UInt8(1 << rng.below(8))
        case "set" where n > 0:
            b[rng.below(n)] = UInt8(rng.below(256))
        case "insert":
            let k = 1 + rng.below(16)
            b.insert(contentsOf: (0..<k).map { _ in UInt8(rng.below(256)) }, at: rng.below(n + 1))
        case "delete" where n > 0:
            let at = rng.below(n)
            b.removeSubrange(at..<min(n, at + 1 + rng.below(64)))
        case "truncate":
            b.removeSubrange(rng.below(n + 1)..<n)
        case "duplicate-line", "drop-line":
            guard let (start, end) = line(in: b, &rng) else { return }
            if kind == "drop-line" { b.removeSubrange(start..<end) } else { b.insert(contentsOf: b[start..<end], at: start) }
        case "invalid-utf8":
            // Half the time right after a '<' so that XML names are hit (`<Keywo\xC0\xAFrd/>`).
            var at = rng.below(n + 1)
            if rng.below(2) == 0 {
                for _ in 0..<8 {
                    let lt = rng.below(n + 1)
                    if lt < n, b[lt] == UInt8(ascii: "<") {
                        at = min(n, lt + 1 + rng.below(4))
                        break
                    }
                }
            }
            b.insert(contentsOf: rng.pick(Self.invalidUTF8), at: at)
        case "huge-field":
            let size = hugeFieldBytes / 4 + rng.below(max(1, hugeFieldBytes * 3 / 4))
            let fill = rng.pick([UInt8(ascii: "A"), UInt8(ascii: "9"), UInt8(ascii: "\""), UInt8(ascii: "<")])
            b.insert(contentsOf: [UInt8](repeating: fill, count: size), at: rng.below(n + 1))
        case "delimiter" where n > 0:
            let targets: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "\""), 0x0D, 0x0A]
            for _ in 0..<(1 + rng.below(8)) {
                let at = rng.below(n)
                if targets.contains(b[at]) { b[at] = rng.pick(targets) }
            }
        case "number" where n > 0:
            // Replace a run of digits with an odd number spelling.
            let from = rng.below(n)
            guard let start = (from..<n).first(where: { b[$0] >= 0x30 && b[$0] <= 0x39 }) else { return }
            var end = start
            while end < n, (b[end] >= 0x30 && b[end] <= 0x39) || b[end] == UInt8(ascii: ".") { end += 1 }
            b.replaceSubrange(start..<end, with: Array(rng.pick(Self.numbers).utf8))
        case "splice" where n > 1:
            let from = rng.below(n), length = 1 + rng.below(min(n - from, 4096))
            b.insert(contentsOf: b[from..<(from + length)], at: rng.below(n + 1))
        default:
            break
        }
    }

    /// A random whole line (with its line break).
    private func line(in b: [UInt8], _ rng: inout FuzzRandom) -> (Int, Int)? {
        guard !b.isEmpty else { return nil }
        var start = rng.below(b.count)
        while start > 0, b[start - 1] != 0x0A, b[start - 1] != 0x0D { start -= 1 }
        var end = start
        while end < b.count, b[end] != 0x0A, b[end] != 0x0D { end += 1 }
        while end < b.count, b[end] == 0x0A || b[end] == 0x0D { end += 1 }
        return end > start ? (start, end) : nil
    }
}
