import Domain
import Foundation
import Readers
import TestSupport
import Testing

@testable import Ingest

/// The real reader and the curve layer together on a real export whose standard expected
/// concentrations were damaged by a locale round-trip (FGF Standard5 written `215625` for
/// 215.625). The reader must pass the value through as written; the curve layer must report the
/// damage at the value's cell and repair it. Skips when the shared corpus is not present.
@Suite("Standard-series damage, reader to curve layer (pone.0187901 s001)")
struct SeriesDamageEndToEndTests {
    static let corpusFile = SharedCorpus.path("xponent/serolyzer__pone.0187901.s001.csv")

    @Test(.sharedCorpus)
    func readerPassesTheDamageThroughAndTheCurveLayerRepairsIt() throws {
        let file = SourceFile(path: Self.corpusFile)
        let sink = CollectingSink()
        try XPonentCSVReader().read(file, into: sink)

        // The reader: no judgement of the series, the damaged value emitted at its cell.
        #expect(!sink.diagnostics.contains { $0.code.hasPrefix("standard-series") })
        let written = try #require(
            sink.measurements.first {
                $0.analyte == "FGF" && $0.sample == "Standard5" && $0.statistic == CytokineStatistic.expectedConcentration
            })
        #expect(written.value == 215_625 && written.sourceLine == 1053 && written.sourceColumn == 2)

        let fileName = URL(fileURLWithPath: Self.corpusFile).lastPathComponent
        let result = PlateCurveAnalysis.analyse(plateMeasurements: sink.measurements, file: fileName)

        // The curve layer: the damage reported at line 1053, column 2 …
        let damaged = result.diagnostics.filter { $0.code == "standard-series-damaged" }
        let fgf = try #require(damaged.first { $0.message.hasPrefix("FGF Standard5") })
        #expect(fgf.severity == .warning)
        #expect(fgf.location.file == fileName && fgf.location.line == 1053 && fgf.location.column == 2)
        #expect(fgf.message.contains("215625") && fgf.message.contains("215.625"))
        // … one damaged level per analyte (30-plex), every standard with its expected value.
        #expect(damaged.count == 30)
        #expect(!result.diagnostics.contains { $0.code == "standard-without-expected" })
        #expect(!result.diagnostics.contains { $0.code == "standard-series-not-monotone" })

        // … and repaired: the FGF curve uses 215.625 for Standard5 and keeps the written value.
        let curve = try #require(result.curves.first { $0.analyte == "FGF" })
        let standard5 = try #require(curve.standards.first { $0.level == "Standard5" })
        #expect(standard5.expectedAsWritten == 215_625)
        let used = try #require(standard5.expectedUsed)
        #expect(abs(used - 215.625) < 1e-9)
        #expect(standard5.status == StandardSeriesCheck.Status.repaired.rawValue)
        #expect(curve.fit != nil)
    }
}
