import Domain
import Foundation
import Testing

@testable import Ingest

@Suite("Standard series check")
struct StandardSeriesCheckTests {
    /// Standard1…n of a 2-fold series from 3450 (as in the xPONENT corpus file), line = 100 + k.
    static func entries(_ values: [Double]) -> [StandardSeriesCheck.Entry] {
        values.enumerated().map { k, v in
            .init(level: "Standard\(k + 1)", expected: v, location: SourceLocation(file: "f.csv", line: 100 + k, column: 2))
        }
    }
    static let series = (0..<10).map { 3450 / pow(2.0, Double($0)) }

    @Test func anIntactSeriesPasses() {
        let out = StandardSeriesCheck.check(analyte: "FGF", entries: Self.entries(Self.series))
        #expect(out.usable && out.diagnostics.isEmpty)
        #expect(out.levels.values.allSatisfy { $0.status == .ok && $0.used == $0.asWritten })
    }

    @Test func repairsLocaleDamageAnywhereInTheSeries() {
        var v = Self.series
        v[4] *= 1000 // 215.625 → 215625 (interior)
        v[9] *= 1000 // last standard
        v[6] *= 1000
        v[7] *= 1000 // two in a row
        let out = StandardSeriesCheck.check(analyte: "FGF", entries: Self.entries(v))
        #expect(out.usable)
        for k in [4, 6, 7, 9] {
            let l = out.levels["Standard\(k + 1)"]!
            #expect(l.status == .repaired, "Standard\(k + 1)")
            #expect(abs(l.used! - Self.series[k]) < 1e-9)
        }
        let d = out.diagnostics
        #expect(d.count == 4 && d.allSatisfy { $0.code == "standard-series-damaged" && $0.severity == .warning })
        #expect(Set(d.map(\.location.line)) == [104, 106, 107, 109])
        #expect(d.first { $0.location.line == 104 }!.message.contains("215625"))
        #expect(d.first { $0.location.line == 104 }!.message.contains("repaired to 215.625"))
    }

    @Test func aDamagedFirstStandardIsRepairedToo() {
        var v = Self.series
        v[0] /= 1000 // 3.45 for 3450 (the reverse error)
        let out = StandardSeriesCheck.check(analyte: "X", entries: Self.entries(v))
        #expect(out.levels["Standard1"]!.status == .repaired)
        #expect(out.levels["Standard1"]!.used == 3450)
    }

    @Test func anEvenSplitCannotBeDecided() {
        let v = Self.series.enumerated().map { $0.offset < 5 ? $0.element : $0.element * 1000 }
        let out = StandardSeriesCheck.check(analyte: "X", entries: Self.entries(v))
        #expect(!out.usable)
        #expect(out.diagnostics.contains { $0.severity == .warning && $0.code == "standard-series-damaged" })
    }

    @Test func aNonMonotoneSeriesIsRefused() {
        var v = Self.series
        v.swapAt(2, 3)
        v.swapAt(6, 7)
        let out = StandardSeriesCheck.check(analyte: "X", entries: Self.entries(v))
        #expect(!out.usable)
        #expect(out.diagnostics.contains { $0.code == "standard-series-not-monotone" && $0.severity == .warning })
    }

    @Test func replicatesMustAgreeAndValuesMustBePositive() {
        var e = Self.entries(Self.series)
        e.append(.init(level: "Standard3", expected: 900, location: SourceLocation(file: "f.csv", line: 200)))
        e[5].expected = 0
        let out = StandardSeriesCheck.check(analyte: "X", entries: e)
        #expect(out.levels["Standard3"]!.status == .excluded)
        #expect(out.levels["Standard6"]!.status == .excluded)
        #expect(out.diagnostics.contains { $0.code == "standard-expected-conflict" && $0.location.line == 200 })
        #expect(out.diagnostics.contains { $0.code == "standard-expected-invalid" && $0.location.line == 105 })
    }

    @Test func anIrregularFinalStepIsReportedButKept() {
        var v = Self.series
        v[9] = v[8] / 5 // kits sometimes end on a different step
        let out = StandardSeriesCheck.check(analyte: "X", entries: Self.entries(v))
        #expect(out.usable)
        #expect(out.levels["Standard10"]!.status == .ok)
        #expect(out.diagnostics.count == 1 && out.diagnostics[0].code == "standard-series-inconsistent")
    }
}
