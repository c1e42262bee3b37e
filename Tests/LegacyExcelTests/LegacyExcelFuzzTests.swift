import Foundation
import TestSupport
import Testing

@testable import LegacyExcel

/// Seeded mutations of real and synthetic `.xls` files: whatever the bytes, the reader returns
/// a workbook or a `LegacyExcelError`, never traps or hangs. Bounded in time so `make test`
/// stays short; LEGACY_EXCEL_FUZZ_SECONDS runs it longer.
@Suite struct LegacyExcelFuzzTests {

    static func mutate(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var b = input
        guard !b.isEmpty else { return b }
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let i = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
            case 1: b[i] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            case 2: // an interesting 32-bit value: sector numbers, sizes and counts live in these
                let v: UInt32 =
                    [0, 1, 0xFFFF_FFFF, 0xFFFF_FFFE, 0xFFFF_FFFD, 0x7FFF_FFFF, 0x1000, 8224, 8225].randomElement(using: &rng) ?? 0
                for k in 0..<4 where i + k < b.count { b[i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
            case 3: b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...600, using: &rng)))
            case 4: // copy a block over another (records and sectors appear twice)
                let j = Int.random(in: 0..<b.count, using: &rng)
                let n = min(Int.random(in: 1...512, using: &rng), b.count - max(i, j))
                if n > 0 { b.replaceSubrange(j..<(j + n), with: b[i..<(i + n)]) }
            default:
                b.insert(contentsOf: (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: i)
            }
            if b.isEmpty { break }
        }
        return b
    }

    @Test func mutatedWorkbooksNeverCrashOrHang() throws {
        var seeds = [Files.fixture("bioplex_plate.xls"), Files.fixture("bioplex_block.xls")]
        seeds += Files.corpusXLS
        let inputs = try seeds.map(Files.bytes)
        let seconds = Double(ProcessInfo.processInfo.environment["LEGACY_EXCEL_FUZZ_SECONDS"] ?? "") ?? 3
        var rng = SeededGenerator(seed: 0x11_0001)
        let start = Date()
        var runs = 0, read = 0
        while Date().timeIntervalSince(start) < seconds {
            let input = Self.mutate(inputs[runs % inputs.count], &rng)
            let one = Date()
            if (try? LegacyWorkbook(bytes: input)) != nil { read += 1 }
            // One input may not take long: a reader that spins on a loop would.
            #expect(Date().timeIntervalSince(one) < 2, "run \(runs) took too long")
            runs += 1
        }
        #expect(runs > 20)
        print("LegacyExcel fuzz: \(runs) mutated inputs, \(read) still readable, \(String(format: "%.1f", seconds)) s")
    }
}
