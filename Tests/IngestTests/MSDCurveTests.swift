import Domain
import Foundation
import Readers
import TestSupport
import Testing

@testable import Ingest

/// MSD plates get standard curves like bead plates, on their own response (`PlateResponse`:
/// signal / adjusted signal), checked against the file's own `Calc. Concentration` as xPONENT
/// curves are checked against xPONENT (`XponentCurveAcceptanceTests`).
@Suite("MSD standard curves")
struct MSDCurveTests {
    static let corpusFile = SharedCorpus.path("msd/allotropy__msd_workbench_test_2.csv")
    static let pairFile = PackagePaths.readerFixture("msd/msd_workbench_pair.csv")

    static func read(_ reader: some MeasurementReader, _ path: String) throws -> [Domain.Measurement] {
        let sink = CollectingSink()
        try reader.read(SourceFile(path: path), into: sink)
        return sink.measurements
    }

    /// Was "0 distinct concentrations": the curve code looked for `mfi`/`net_mfi` only.
    @Test(.sharedCorpus)
    func msdStandardsAreFittedOnAdjustedSignal() throws {
        let plate = try Self.read(MSDReader(), Self.corpusFile)
        let r = PlateCurveAnalysis.analyse(plateMeasurements: plate, file: "msd.csv")
        let curve = try #require(r.curves.first)
        #expect(curve.response == .adjustedSignal)
        let fit = try #require(curve.fit, "\(curve.failure ?? "")")
        // S001–S007 (100 … 1.5625); S008's expected 0 cannot be on a log-concentration curve.
        #expect(Set(fit.points.map(\.expected)).count == 7)
        #expect(!r.diagnostics.contains { $0.code == "curve-fit-failed" })
        #expect(r.recomputed.contains { $0.sample == "U005" && $0.qualifier == .inRange })
    }

    /// Our concentrations against Workbench's `Calc. Concentration` for unknown wells that both
    /// quantify (instrument value a plain number, ours within [LLOQ, ULOQ]), with the tolerance
    /// of xPONENT's default-rule comparison (median ≤ 3 %, p95 ≤ 15 %) on the synthetic pair,
    /// whose Calc. Concentration is the truth the signals were generated from.
    ///
    /// The corpus file cannot meet a 3 % median: its Calc. Concentration is not one function of
    /// the signal (asserted below: signal 1000 is 102.0 for S001 in A01 and 100.0 for U003 in
    /// C03), and its standards lie at 10.1–10.4 signal per pg/mL while its unknowns' values are
    /// signal / 10. Our curve follows the standards, so it reads ~2–4 % lower throughout; the
    /// median is held to 5 %, p95 to the same 15 %.
    @Test(.sharedCorpus)
    func ourMSDCurvesAgreeWithWorkbenchsCalcConcentration() throws {
        let corpus = try Self.read(MSDReader(), Self.corpusFile)
        let pair = try Self.read(MSDReader(), Self.pairFile)
        func calc(_ plate: [Domain.Measurement], _ well: String) -> Double? {
            plate.first { $0.statistic == .concentration && FlatJSON.value("well", in: $0.extra) == well }?.value
        }
        func signal(_ plate: [Domain.Measurement], _ well: String) -> Double? {
            plate.first { $0.statistic == .signal && FlatJSON.value("well", in: $0.extra) == well }?.value
        }
        #expect(signal(corpus, "A1") == 1000 && signal(corpus, "C3") == 1000)
        #expect(calc(corpus, "A1") == 102 && calc(corpus, "C3") == 100)

        for (name, plate, median) in [("corpus", corpus, 0.05), ("pair", pair, 0.03)] {
            let r = PlateCurveAnalysis.analyse(plateMeasurements: plate, file: name)
            let theirs = XponentCurveAcceptanceTests.instrumentResults(plate)
            let c = XponentCurveAcceptanceTests.compare(r.recomputed, with: theirs)
            print("MSD \(name) ours vs Calc. Concentration: \(c.summary)")
            #expect(c.differences.count >= 4, "\(name): \(c.summary)")
            #expect(c.median <= median, "\(name): \(c.summary)")
            #expect(c.p95 <= 0.15, "\(name): \(c.summary)")
        }
    }

    /// A synthetic plate (no corpus needed): MSD standards on a 4PL, fitted on adjusted signal,
    /// back-calculate to their concentration.
    @Test func syntheticMSDPlateIsFittedOnAdjustedSignal() throws {
        let plate = try Self.read(MSDReader(), Self.pairFile)
        let r = PlateCurveAnalysis.analyse(plateMeasurements: plate, file: "pair.csv")
        #expect(r.curves.count == 2)
        #expect(r.curves.allSatisfy { $0.response == .adjustedSignal && $0.fit != nil })
        // PT-002 V1 (well A04): 12.5 pg/mL × dilution 2 by construction.
        let pt2 = try #require(r.recomputed.first { $0.sample == "PT-002 V1" && $0.analyte == "IL-6" })
        #expect(abs(pt2.value - 25) / 25 < 0.02, "\(pt2.value)")
        let layout = PlateWellIndex(measurements: plate, file: "pair.csv")
        #expect(layout.responseKind("IL-6") == .signal)
    }
}
