import Domain
import Foundation
import Readers
import TestSupport
import Testing

@testable import Ingest

/// Plate QC's bead-count check applies the file's own minimum (xPONENT `Per Bead Count` /
/// `Min Events`, recorded by the reader in `extra`), and its configured default only where the
/// file states none; `bead_count_minimum` and each warning say which applied.
@Suite struct BeadCountMinimumTests {
    static func column(_ t: AuxiliaryTable, _ name: String) -> AuxiliaryTable.Column? {
        t.columns.first { $0.name == name }?.column
    }

    @Test func fileMinimumOverridesTheDefault() throws {
        var ms = SyntheticPlate().measurements()
        SyntheticPlate.set(&ms, sample: "P01_V1", analyte: "TNFa", .beadCount) { _ in 31 }
        // The file acquired 15 beads per region: 31 is enough.
        for i in ms.indices {
            ms[i].extra = FlatJSON.merging(ms[i].extra, BeadCountThreshold.extraPairs(15, source: "Per Bead Count, line 88"))
        }
        let r = PlateQCTests.qc(ms)
        #expect(!r.diagnostics.contains { $0.code == MeasurementFlag.lowBeadCount.rawValue })
        #expect(PlateQCTests.flagged(r.measurements, .lowBeadCount).isEmpty)
        let t = try #require(r.tables.first { $0.name == "bead_count_minimum" })
        guard case .number(let minimum)? = Self.column(t, "minimum"), case .text(let source)? = Self.column(t, "origin"),
            case .text(let detail)? = Self.column(t, "detail")
        else {
            Issue.record("columns")
            return
        }
        #expect(Set(minimum) == [15] && Set(source) == ["file"] && Set(detail) == ["Per Bead Count, line 88"])

        // 12 beads is below the file's 15: flagged, and the warning names the file's setting.
        SyntheticPlate.set(&ms, sample: "P01_V1", analyte: "TNFa", .beadCount) { _ in 12 }
        let low = PlateQCTests.qc(ms).diagnostics.filter { $0.code == MeasurementFlag.lowBeadCount.rawValue }
        #expect(low.count == 1)
        #expect(low.first?.message.hasSuffix("12 beads, below the file's minimum of 15 (Per Bead Count, line 88)") == true)
    }

    @Test func configuredDefaultAppliesWhenTheFileStatesNone() throws {
        var ms = SyntheticPlate().measurements()
        SyntheticPlate.set(&ms, sample: "P01_V1", analyte: "TNFa", .beadCount) { _ in 31 }
        var options = PlateQCOptions()
        options.minimumBeadCount = 30
        #expect(PlateQCTests.qc(ms, options: options).diagnostics.filter { $0.code == MeasurementFlag.lowBeadCount.rawValue }.isEmpty)
        let r = PlateQCTests.qc(ms)
        let d = r.diagnostics.filter { $0.code == MeasurementFlag.lowBeadCount.rawValue }
        #expect(d.count == 1)
        #expect(
            d.first?.message.hasSuffix(
                "31 beads, below the default minimum of 50 (the file states no minimum; PlateQCOptions.minimumBeadCount)") == true)
        let t = try #require(r.tables.first { $0.name == "bead_count_minimum" })
        guard case .text(let source)? = Self.column(t, "origin") else {
            Issue.record("columns")
            return
        }
        #expect(Set(source) == ["default"])
    }

    /// The corpus plate acquired 15 beads per region (`Per Bead:` row, line 1336): 911 of its
    /// 2,880 counts lie in [15, 50). Before, plate QC flagged every one of them against 50.
    @Test(.sharedCorpus)
    func xponentPerBeadCountOfTheCorpusPlateIsApplied() throws {
        let path = SharedCorpus.path("xponent/serolyzer__CovidOISExPONTENT.csv")
        let sink = CollectingSink()
        try XPonentCSVReader().read(SourceFile(path: path), into: sink)
        let counts = sink.measurements.filter { $0.statistic == .beadCount && $0.value.isFinite }
        #expect(counts.count == 2880)
        #expect(counts.filter { $0.value >= 15 && $0.value < 50 }.count == 911)
        let name = "serolyzer__CovidOISExPONTENT.csv"
        let curves = PlateCurveAnalysis.analyse(plateMeasurements: sink.measurements, file: name)
        let r = PlateQC.run(plateMeasurements: sink.measurements, curves: curves, file: name)
        #expect(!r.diagnostics.contains { $0.code == MeasurementFlag.lowBeadCount.rawValue })
        let t = try #require(r.tables.first { $0.name == "bead_count_minimum" })
        guard case .number(let minimum)? = Self.column(t, "minimum"), case .text(let detail)? = Self.column(t, "detail") else {
            Issue.record("columns")
            return
        }
        #expect(Set(minimum) == [15] && Set(detail) == ["Per Bead Count, line 1336"])
    }
}
