import Domain
import Foundation
import TestSupport
import Testing

@testable import Ingest

@Suite("Plate QC")
struct PlateQCTests {
    static func qc(_ ms: [Domain.Measurement], options: PlateQCOptions = PlateQCOptions()) -> PlateQCResult {
        let curves = PlateCurveAnalysis.analyse(plateMeasurements: ms, file: "plate7.csv")
        return PlateQC.run(plateMeasurements: ms, curves: curves, file: "plate7.csv", options: options)
    }

    static func flagged(_ ms: [Domain.Measurement], _ flag: MeasurementFlag) -> [Domain.Measurement] {
        ms.filter { $0.hasFlag(flag) }
    }

    static func column(_ t: AuxiliaryTable, _ name: String) -> AuxiliaryTable.Column? {
        t.columns.first { $0.name == name }?.column
    }

    @Test func aCleanPlatePassesEveryCheck() throws {
        let plate = SyntheticPlate()
        let r = Self.qc(plate.measurements())
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.measurements.count == plate.measurements().count)
        for f in [
            MeasurementFlag.controlOutOfRange, MeasurementFlag.cvHigh, MeasurementFlag.lowBeadCount,
            MeasurementFlag.blankAboveLowestStandard, MeasurementFlag.standardRecoveryOutOfRange,
        ] {
            #expect(Self.flagged(r.measurements + r.recomputed, f).isEmpty, "\(f)")
        }
        let tracking = try #require(r.tables.first { $0.name == "control_tracking" })
        #expect(tracking.rowCount == 4) // 2 controls × 2 analytes
        guard case .text(let within)? = Self.column(tracking, "within_range"),
            case .number(let recovery)? = Self.column(tracking, "recovery_pct"),
            case .text(let plateID)? = Self.column(tracking, "plate_id"),
            case .text(let source)? = Self.column(tracking, "observed_from")
        else {
            Issue.record("columns")
            return
        }
        #expect(within == ["yes", "yes", "yes", "yes"])
        #expect(recovery.allSatisfy { abs($0 - 100) < 0.1 })
        #expect(plateID == Array(repeating: "plate7.csv", count: 4))
        #expect(source == Array(repeating: "recomputed", count: 4))
        for c in ["run_date", "control", "analyte", "observed", "expected"] {
            #expect(Self.column(tracking, c) != nil, "missing \(c)")
        }
    }

    @Test func aControlOutsideItsRangeIsFlaggedEverywhere() throws {
        var ms = SyntheticPlate().measurements()
        // Control1's IL-6 reads as if it held 450 instead of 300 (150 %).
        let truth = SyntheticPlate.il6
        SyntheticPlate.set(&ms, sample: "Control1", analyte: "IL-6 (25)", .netMFI) { _ in truth.response(at: 225) }
        SyntheticPlate.set(&ms, sample: "Control1", analyte: "IL-6 (25)", .mfi) { _ in truth.response(at: 225) + 20 }
        let r = Self.qc(ms)
        let d = r.diagnostics.filter { $0.code == MeasurementFlag.controlOutOfRange.rawValue }
        #expect(d.count == 1)
        #expect(d.first?.message.contains("Control1") == true && d.first?.message.contains("± 30 %") == true)
        #expect(d.first?.location.file == "plate7.csv" && (d.first?.location.line ?? 0) > 0)
        let flagged = Self.flagged(r.measurements, MeasurementFlag.controlOutOfRange)
        #expect(!flagged.isEmpty && flagged.allSatisfy { $0.sample == "Control1" && $0.analyte == "IL-6 (25)" })
        let rec = Self.flagged(r.recomputed, MeasurementFlag.controlOutOfRange)
        #expect(rec.count == 1 && rec[0].sample == "Control1")
        // TNFa of the same control is fine and unflagged.
        #expect(!r.measurements.contains { $0.analyte == "TNFa" && $0.hasFlag(.controlOutOfRange) })

        // A lab's own range that accepts 450 pg/mL: no finding.
        var o = PlateQCOptions()
        o.controlRanges = [.init(control: "Control1", analyte: "IL-6 (25)", low: 350, high: 500)]
        #expect(Self.qc(ms, options: o).diagnostics.filter { $0.code == MeasurementFlag.controlOutOfRange.rawValue }.isEmpty)
    }

    @Test func aControlBelowTheLLOQFails() throws {
        var ms = SyntheticPlate().measurements()
        SyntheticPlate.set(&ms, sample: "Control2", analyte: "TNFa", .netMFI) { _ in 0.5 }
        let r = Self.qc(ms)
        let d = try #require(r.diagnostics.first { $0.code == MeasurementFlag.controlOutOfRange.rawValue })
        #expect(d.message.contains("<LLOQ"))
    }

    @Test func blankAboveTheLowestStandardIsFlagged() throws {
        var ms = SyntheticPlate().measurements()
        let lowestMFI = SyntheticPlate.tnf.response(at: SyntheticPlate().levels.last!) + SyntheticPlate.background
        SyntheticPlate.set(&ms, sample: "Background0", analyte: "TNFa", .mfi) { _ in lowestMFI + 5 }
        let r = Self.qc(ms)
        let d = r.diagnostics.filter { $0.code == MeasurementFlag.blankAboveLowestStandard.rawValue }
        #expect(d.count == 1)
        #expect(d.first?.message.contains("Standard8") == true)
        let flagged = Self.flagged(r.measurements, MeasurementFlag.blankAboveLowestStandard)
        #expect(Set(flagged.map(\.sample)) == ["Background0", "Standard8"])
        #expect(flagged.allSatisfy { $0.analyte == "TNFa" })
    }

    @Test func replicateCVUsesTwentyPercentAndTwentyFiveNearTheLLOQ() throws {
        var plate = SyntheticPlate()
        plate.samples += [
            .init(name: "P04_V1", type: .unknown, concentration: 400, dilution: 2, replicates: 2), // mid-curve
            .init(name: "P05_V1", type: .unknown, concentration: 0.7, dilution: 2, replicates: 2), // near LLOQ
        ]
        var ms = plate.measurements()
        let wells = plate.wells
        let p4 = wells.filter { $0.sample == "P04_V1" }.map(\.id), p5 = wells.filter { $0.sample == "P05_V1" }.map(\.id)
        // Raw MFI pairs with a %CV of 22.6 % (x and 1.38 x): above 20 %, below 25 %.
        SyntheticPlate.set(&ms, sample: "P04_V1", analyte: "IL-6 (25)", .mfi, well: p4[1]) { $0 * 1.38 }
        SyntheticPlate.set(&ms, sample: "P05_V1", analyte: "IL-6 (25)", .mfi, well: p5[1]) { $0 * 1.38 }
        let r = Self.qc(ms)
        let d = r.diagnostics.filter { $0.code == MeasurementFlag.cvHigh.rawValue }
        #expect(d.count == 1, "\(d)")
        #expect(d.first?.message.contains("P04_V1") == true && d.first?.message.contains("22.6 %") == true)
        let flagged = Self.flagged(r.measurements, MeasurementFlag.cvHigh)
        #expect(Set(flagged.map(\.sample)) == ["P04_V1"])
        #expect(Self.flagged(r.recomputed, MeasurementFlag.cvHigh).count == 2)

        // 1.5 x (%CV 28 %) is above the near-LLOQ limit too.
        SyntheticPlate.set(&ms, sample: "P05_V1", analyte: "IL-6 (25)", .mfi, well: p5[1]) { $0 / 1.38 * 1.5 }
        let again = Self.qc(ms).diagnostics.filter { $0.code == MeasurementFlag.cvHigh.rawValue }
        #expect(again.contains { $0.message.contains("P05_V1") && $0.message.contains("near the LLOQ") })
    }

    @Test func lowBeadCountsFlagTheWellAndAnalyte() throws {
        var ms = SyntheticPlate().measurements()
        SyntheticPlate.set(&ms, sample: "P01_V1", analyte: "TNFa", .beadCount) { _ in 31 }
        // A flag the reader set itself propagates to the well × analyte's other values.
        if let i = ms.firstIndex(where: { $0.sample == "P01_V2" && $0.analyte == "IL-6 (25)" && $0.statistic == .mfi }) {
            ms[i].addFlag(MeasurementFlag.lowBeadCount)
        }
        let r = Self.qc(ms)
        let d = r.diagnostics.filter { $0.code == MeasurementFlag.lowBeadCount.rawValue }
        #expect(d.count == 2)
        #expect(d.contains { $0.message.contains("31 beads") && $0.location.line >= 500 && $0.location.line < 700 })
        let flagged = Self.flagged(r.measurements, MeasurementFlag.lowBeadCount)
        #expect(Set(flagged.map { "\($0.sample) \($0.analyte)" }) == ["P01_V1 TNFa", "P01_V2 IL-6 (25)"])
        #expect(flagged.filter { $0.sample == "P01_V1" }.count == 3) // mfi, net MFI, bead count
        let rec = Self.flagged(r.recomputed, MeasurementFlag.lowBeadCount)
        #expect(Set(rec.map { "\($0.sample) \($0.analyte)" }) == ["P01_V1 TNFa", "P01_V2 IL-6 (25)"])
    }

    @Test func standardsOutsideRecoveryAreFlagged() throws {
        var ms = SyntheticPlate().measurements()
        // One replicate of Standard3 reads 40 % high.
        let wells = SyntheticPlate().wells.filter { $0.sample == "Standard3" }.map(\.id)
        SyntheticPlate.set(&ms, sample: "Standard3", analyte: "TNFa", .netMFI, well: wells[0]) { $0 * 1.4 }
        let r = Self.qc(ms)
        let d = r.diagnostics.filter { $0.code == MeasurementFlag.standardRecoveryOutOfRange.rawValue }
        #expect(d.count == 1)
        #expect(d.first?.message.hasPrefix("TNFa: 1 standard well(s)") == true)
        #expect(d.first?.message.contains("Standard3 (\(wells[0]))") == true)
        let flagged = Self.flagged(r.measurements, MeasurementFlag.standardRecoveryOutOfRange)
        #expect(!flagged.isEmpty && flagged.allSatisfy { $0.sample == "Standard3" && $0.analyte == "TNFa" })
    }

    @Test func runDateAndPlateIDComeFromOptionsOrExtra() throws {
        var o = PlateQCOptions()
        o.plateID = "PLATE-0042"
        o.runDate = "2014-02-28"
        let r = Self.qc(SyntheticPlate().measurements(), options: o)
        let t = try #require(r.tables.first { $0.name == "control_tracking" })
        guard case .text(let ids)? = Self.column(t, "plate_id"), case .text(let dates)? = Self.column(t, "run_date") else {
            Issue.record("columns")
            return
        }
        #expect(Set(ids) == ["PLATE-0042"] && Set(dates) == ["2014-02-28"])
    }

    @Test(.sharedCorpus)
    func realPlateQC() throws {
        let extract = try XponentTestExtract(path: XponentCurveAcceptanceTests.corpusFile)
        let ms = extract.measurements()
        let curves = PlateCurveAnalysis.analyse(plateMeasurements: ms, file: extract.fileName)
        let r = PlateQC.run(plateMeasurements: ms, curves: curves, file: extract.fileName)
        var codes: [String: Int] = [:]
        for d in r.diagnostics { codes[d.code, default: 0] += 1 }
        print("QC of \(extract.fileName): \(codes.sorted { $0.key < $1.key })")
        let tracking = try #require(r.tables.first { $0.name == "control_tracking" })
        // Controls 1 and 2 in duplicate, Control3 twice: 6 control wells × 30 analytes.
        #expect(tracking.rowCount == 6 * 30)
        // xPONENT wrote "Control Failed." for every analyte of the G12 Control3 because its
        // control range was left zero-width (Low = High = expected). With expected ± 30 % our
        // verdicts rest on recoveries, which must agree with xPONENT's own `% Recovery` of the
        // controls (ours come from our curves: F-test model choice, so not identical).
        guard case .text(let wells)? = Self.column(tracking, "well"),
            case .text(let analytes)? = Self.column(tracking, "analyte"),
            case .number(let recovery)? = Self.column(tracking, "recovery_pct")
        else {
            Issue.record("columns")
            return
        }
        let theirs = extract.wellRows("% Recovery")
        var differences: [Double] = []
        for i in wells.indices where recovery[i].isFinite {
            guard let row = theirs.first(where: { $0.well == wells[i] }),
                let v = row.cells[analytes[i]].flatMap({ Double($0.text) })
            else { continue }
            differences.append(abs(recovery[i] - v))
        }
        differences.sort()
        let median = differences[differences.count / 2]
        print(
            "control recovery, ours vs xPONENT: n = \(differences.count), median |Δ| \(String(format: "%.2f", median)) points, max \(String(format: "%.1f", differences.last!))"
        )
        #expect(differences.count >= 150)
        #expect(median <= 3)
        #expect(r.measurements.count == ms.count)
    }
}
