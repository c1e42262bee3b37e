import Domain
import Foundation
import Readers
import TestSupport
import Testing

@testable import Ingest

/// An INTELLIFLEX per-well export through the plate step: the reader's vocabulary is the
/// xPONENT reader's, so the standard series is fitted and plate QC runs unchanged.
@Suite struct IntelliflexPlateTests {
    static let fixture = PackagePaths.readerFixture("intelliflex/intelliflex_2plex_standards.csv")

    static func read() throws -> [Domain.Measurement] {
        let sink = CollectingSink()
        try IntelliflexCSVReader().read(SourceFile(path: fixture), into: sink)
        return sink.measurements
    }

    @Test func standardSeriesIsFittedAndUnknownsRecomputed() throws {
        let ms = try Self.read()
        #expect(CytokinePlateProcessor().applies(to: IntelliflexCSVReader().format))
        let result = PlateCurveAnalysis.analyse(plateMeasurements: ms, file: "intelliflex_2plex_standards.csv")
        #expect(
            !result.diagnostics.contains { $0.code.hasPrefix("standard-series") || $0.code == "no-standards" },
            "\(result.diagnostics)")
        for analyte in ["IL-6", "IL-10"] {
            let curve = try #require(result.curves.first { $0.analyte == analyte })
            #expect(curve.fit != nil && curve.failure == nil, "\(analyte): \(curve.failure ?? "")")
            #expect(curve.standards.count == 14) // S1…S7 in duplicate
            #expect(curve.unit == "pg/mL")
        }
        // The fixture's unknowns were simulated from known concentrations on each analyte's
        // curve (PT-0101-V1: IL-6 480, IL-10 95 pg/mL; diluted 1:2, ±3 % replicate noise).
        func recomputed(_ well: String, _ analyte: String) -> Double? {
            result.recomputed.first { FlatJSON.value("well", in: $0.extra) == well && $0.analyte == analyte }?.value
        }
        let il6 = try #require(recomputed("C3", "IL-6"))
        let il10 = try #require(recomputed("D3", "IL-10"))
        #expect(abs(il6 / 480 - 1) < 0.10, "IL-6 C3 \(il6)")
        #expect(abs(il10 / 95 - 1) < 0.10, "IL-10 D3 \(il10)")
    }

    @Test func plateQCUsesTheFilesMinimumEvents() throws {
        let ms = try Self.read()
        let curves = PlateCurveAnalysis.analyse(plateMeasurements: ms, file: "intelliflex_2plex_standards.csv")
        let r = PlateQC.run(plateMeasurements: ms, curves: curves, file: "intelliflex_2plex_standards.csv")
        let low = r.diagnostics.filter { $0.code == MeasurementFlag.lowBeadCount.rawValue }
        // E3 IL-10 counted 30 beads against MIN EVENTS 35; C3 IL-6 counted 42 (below the generic
        // 50, above the file's 35) and is not flagged.
        #expect(low.count == 1)
        #expect(low.first?.message == "IL-10 PT-0102-V1 (well E3): 30 beads, below the file's minimum of 35 ('MIN EVENTS' column)")
        #expect(low.first?.location.line == 22 && low.first?.location.column == 61)
        let t = try #require(r.tables.first { $0.name == "bead_count_minimum" })
        #expect(t.rowCount == 2)
    }
}
