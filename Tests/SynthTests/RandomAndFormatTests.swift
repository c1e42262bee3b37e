import Domain
import Foundation
import Testing

@testable import Synth

@Suite struct RandomAndFormatTests {
    @Test func sameSeedAndStreamGiveTheSameSequence() {
        var a = SynthRandom(seed: 42, stream: "NCT05495321/DM01-001/flow")
        var b = SynthRandom(seed: 42, stream: "NCT05495321/DM01-001/flow")
        var c = SynthRandom(seed: 42, stream: "NCT05495321/DM01-002/flow")
        let xs = (0..<100).map { _ in a.next() }
        #expect(xs == (0..<100).map { _ in b.next() })
        #expect(xs != (0..<100).map { _ in c.next() })
    }

    /// Reference values of xoshiro256** seeded by SplitMix64(0): the first SplitMix64 outputs
    /// are the published 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F,
    /// 0xF88BB8A8724C81EC.
    @Test func generatorMatchesTheReferenceAlgorithms() {
        var sm = SplitMix64(state: 0)
        #expect(sm.next() == 0xE220_A839_7B1D_CDAF)
        #expect(sm.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(sm.next() == 0x06C4_5D18_8009_454F)
        #expect(sm.next() == 0xF88B_B8A8_724C_81EC)
        // xoshiro256**: result = rotl(s1 * 5, 7) * 9 with s1 the second seed word.
        var x = SynthRandom(seed: 0)
        let s1: UInt64 = 0x6E78_9E6A_A1B9_65F4
        let expected = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        #expect(x.next() == expected)
    }

    @Test func distributionsHaveTheirMoments() {
        var r = SynthRandom(seed: 7)
        let n = 100_000
        let u = (0..<n).map { _ in r.uniform() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / Double(n) - 0.5) < 0.01)
        let z = (0..<n).map { _ in r.normal() }
        let mean = z.reduce(0, +) / Double(n)
        let sd = (z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
        #expect(abs(mean) < 0.02)
        #expect(abs(sd - 1) < 0.02)
        let ints = (0..<10_000).map { _ in r.int(3...5) }
        #expect(Set(ints) == [3, 4, 5])
        let small = (0..<20_000).map { _ in r.binomial(200, 0.05) }
        #expect(abs(Double(small.reduce(0, +)) / 20_000 - 10) < 0.2)
        let large = (0..<20_000).map { _ in r.binomial(50_000, 0.06) }
        #expect(abs(Double(large.reduce(0, +)) / 20_000 - 3000) < 3)
        #expect(large.allSatisfy { $0 >= 0 && $0 <= 50_000 })
        let ln = (0..<n).map { _ in r.logNormal(median: 100, cv: 0.3) }.sorted()
        #expect(abs(ln[n / 2] - 100) < 2)
    }

    @Test func civilDatesRoundTripAndKnowTheirWeekday() {
        let d = CivilDate(2023, 4, 4)
        #expect(d.iso == "2023-04-04")
        #expect(d.weekday == 1) // Tuesday
        #expect(CivilDate(1970, 1, 1).daysSinceEpoch == 0)
        #expect(CivilDate(2024, 2, 29).components == (2024, 2, 29))
        #expect((CivilDate(2024, 2, 28) + 2).iso == "2024-03-01")
        #expect(CivilDate(2023, 4, 8).nearestWeekday.iso == "2023-04-07") // Saturday → Friday
        #expect(CivilDate(2023, 4, 9).nearestWeekday.iso == "2023-04-10") // Sunday → Monday
        #expect(d.dayFirst == "04/04/2023" && CivilDate(2023, 4, 14).monthFirst == "4/14/2023")
        for n in stride(from: -800_000, to: 800_000, by: 997) {
            let c = CivilDate(daysSinceEpoch: n).components
            #expect(CivilDate(c.year, c.month, c.day).daysSinceEpoch == n)
        }
    }

    /// FlowJo's three-significant-digit format, checked against values in the real FlowJo 9
    /// table of the corpus.
    @Test func flowJoNumberFormat() {
        #expect(NumberText.flowJo(0.759) == "0.759")
        #expect(NumberText.flowJo(0.031_4) == "0.0314")
        #expect(NumberText.flowJo(0.006_73) == "6.73e-3")
        #expect(NumberText.flowJo(89.0) == "89")
        #expect(NumberText.flowJo(84.74) == "84.7")
        #expect(NumberText.flowJo(13.649) == "13.6")
        #expect(NumberText.flowJo(0.27) == "0.27")
        #expect(NumberText.flowJo(35_211.4) == "35211")
        #expect(NumberText.flowJo(0) == "0")
        #expect(NumberText.flowJo(.nan) == "NaN")
        #expect(NumberText.flowJo(0.009_996) == "0.01" || NumberText.flowJo(0.009_996) == "1e-2")
        #expect(NumberText.fixed(-0.001, 2) == "0.00")
        #expect(NumberText.mfi(10921.26) == "10921.5" && NumberText.mfi(37214.1) == "37214")
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.hex(0x40B5_0595) == "40B50595" && CRC32.hex(0xABC) == "00000ABC")
    }
}
