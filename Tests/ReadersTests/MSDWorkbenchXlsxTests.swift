import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

/// MSD Discovery Workbench `.xlsx` (sheet `Workbench data`) read by the same table logic as the
/// Workbench CSV.
@Suite struct MSDWorkbenchXlsxTests {
    static let csv = "msd/msd_workbench_pair.csv"
    static let xlsx = "msd/msd_workbench_pair.xlsx"

    /// The pair holds the same cells on the same rows (make_msd_workbench_pair.py): every
    /// measurement, diagnostic and run entry must be the same, whichever file was read.
    @Test func csvAndXlsxOfOneTableGiveIdenticalMeasurements() throws {
        let a = read(MSDReader(), Fixtures.path(Self.csv))
        let b = read(MSDXlsxReader(), Fixtures.path(Self.xlsx))
        #expect(a.rejection == nil && b.rejection == nil)
        #expect(a.measurements.count > 100)
        #expect(a.measurements.count == b.measurements.count)
        // First difference only: the whole arrays would drown the report.
        if let i = a.measurements.indices.first(where: { $0 < b.measurements.count && a.measurements[$0] != b.measurements[$0] }) {
            Issue.record("measurement \(i) differs:\n csv:  \(a.measurements[i])\n xlsx: \(b.measurements[i])")
        }
        #expect(
            a.sink.diagnostics.map { "\($0.code)@\($0.location.line):\($0.location.column)" }
                == b.sink.diagnostics.map { "\($0.code)@\($0.location.line):\($0.location.column)" })
        #expect(a.runValue("plate_id") == "PAIR01" && b.runValue("plate_id") == "PAIR01")
    }

    @Test func valuesAsTheSheetShowsThem() throws {
        let r = read(MSDXlsxReader(), Fixtures.path(Self.xlsx))
        // Row 3 of `Workbench data`: S001, IL-6, A01, Signal 553417, Concentration 2500.
        let s = try #require(r.at(well: "A1", analyte: "IL-6", CytokineStatistic.signal))
        #expect(s.value == 553417 && s.sample == "S001" && s.flags == "standard" && s.sourceLine == 3 && s.sourceColumn == 7)
        #expect(r.at(well: "A1", analyte: "IL-6", CytokineStatistic.expectedConcentration)?.value == 2500)
        // Row 6, column G holds `n/a?`: an error at that cell, the row's other values kept.
        let bad = try #require(r.errors.first { $0.code == "non-numeric-value" })
        #expect(bad.location.line == 6 && bad.location.column == 7)
        #expect(r.errors.contains { $0.code == "missing-sample" && $0.location.line == 43 && $0.location.column == 1 })
    }

    @Test func detectedBeforeBioPlexAndRejectedWithoutTheSheet() throws {
        let detected = try ReaderRegistry.detect(SourceFile(path: Fixtures.path(Self.xlsx)))
        #expect(detected.format.id == "msd-xlsx")
        // A Bio-Plex workbook has no `Workbench data` sheet: still Bio-Plex's.
        let bioplex = try ReaderRegistry.detect(SourceFile(path: Fixtures.path("bioplex/bioplex_2plex.xlsx")))
        #expect(bioplex.format.id == "bioplex-xlsx")
        #expect(read(MSDXlsxReader(), Fixtures.path("bioplex/bioplex_2plex.xlsx")).rejection?.diagnostic.code == "missing-sheet")
    }

    /// The corpus workbook (allotropy's test file: an `MSD Data` sheet, `Workbench data`, a chart
    /// sheet). Its table is not the same plate as the corpus CSV, so the pair above is synthetic.
    @Test(.sharedCorpus)
    func corpusWorkbook() throws {
        let path = SharedCorpus.path("msd/allotropy__test_msd_workbench_xlsx.xlsx")
        #expect(try ReaderRegistry.detect(SourceFile(path: path)).format.id == "msd-xlsx")
        let r = read(MSDXlsxReader(), path)
        #expect(r.rejection == nil && r.errors.isEmpty)
        #expect(r.runValue("plate_id") == "TEST_PLATE_001")
        // Row 3: SAMPLE_001, TEST_ASSAY, A01, signal 18789, Calc. Concentration 2038.74.
        let a1 = try #require(r.at(well: "A1", analyte: "TEST_ASSAY", CytokineStatistic.signal))
        #expect(a1.value == 18789 && a1.sample == "SAMPLE_001" && a1.sourceLine == 3)
        #expect(r.at(well: "A1", analyte: "TEST_ASSAY", CytokineStatistic.concentration)?.value == 2038.74)
        // Row 26: SAMPLE_024, H03, dilution 2, adjusted signal 26751.
        #expect(r.at(well: "H3", analyte: "TEST_ASSAY", CytokineStatistic.dilution)?.value == 2)
        #expect(r.at(well: "H3", analyte: "TEST_ASSAY", CytokineStatistic.adjustedSignal)?.value == 26751)
        #expect(Set(r.measurements.compactMap { r.extra($0)["well"] }).count == 24)
    }
}
