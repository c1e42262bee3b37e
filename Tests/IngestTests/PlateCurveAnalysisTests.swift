import Domain
import Foundation
import Readers
import Testing

@testable import Ingest

@Suite("Plate curve analysis")
struct PlateCurveAnalysisTests {
    static func recomputed(_ r: PlateCurveResult, _ sample: String, _ analyte: String) -> [Domain.Measurement] {
        r.recomputed.filter { $0.sample == sample && $0.analyte == analyte }
    }

    @Test func backCalculatesEveryNonBlankWellFromOurOwnCurve() throws {
        let plate = SyntheticPlate()
        let r = PlateCurveAnalysis.analyse(plateMeasurements: plate.measurements(), file: "plate1.csv")
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.curves.map(\.analyte) == ["IL-6 (25)", "TNFa"])
        #expect(r.curves.allSatisfy { $0.response == .netMFI })
        // Blank wells are not recomputed; every other well once per analyte.
        let nonBlank = plate.wells.filter { $0.type != .blank }.count
        #expect(r.recomputed.count == nonBlank * 2)
        #expect(!r.recomputed.contains { $0.sample == "Background0" })

        let m = try #require(Self.recomputed(r, "P01_V1", "IL-6 (25)").first)
        #expect(m.statistic == .concentration)
        #expect(m.qualifier == .inRange)
        #expect(abs(m.value - 120) / 120 < 1e-4) // 60 in the well × dilution 2
        #expect(m.unit == "pg/mL")
        #expect(m.flags == "unknown,recomputed")
        #expect(m.sourceName == "IL-6 (25)")
        #expect(m.sourceLine == 300 + plate.wells.first { $0.sample == "P01_V1" }!.index) // the net MFI cell
        let extra = try #require(FlatJSON.pairs(m.extra))
        #expect(extra.first?.0 == "well")
        #expect(extra.contains { $0 == ("curve_response", "net_mfi") })
        #expect(extra.contains { $0 == ("curve_dilution", "2") })

        let tnf = try #require(Self.recomputed(r, "P01_V2", "TNFa").first)
        #expect(abs(tnf.value - 800) / 800 < 1e-4)
    }

    @Test func qualifiesValuesOutsideTheLimitsWithTheLimitNotZero() throws {
        let r = PlateCurveAnalysis.analyse(plateMeasurements: SyntheticPlate().measurements(), file: "p.csv")
        let fit = try #require(r.curves.first?.fit)
        let lloq = try #require(fit.lloq), uloq = try #require(fit.uloq)
        let low = try #require(Self.recomputed(r, "P02_V1", "IL-6 (25)").first)
        #expect(low.qualifier == .belowLLOQ)
        #expect(low.value == lloq * 2)
        #expect(low.rawValue == "< " + CurveFit.format(lloq * 2))
        #expect(FlatJSON.value("curve_estimate", in: low.extra) != nil) // the curve's own number is kept
        let high = try #require(Self.recomputed(r, "P02_V2", "IL-6 (25)").first)
        #expect(high.qualifier == .aboveULOQ)
        #expect(high.value == uloq * 2)
        #expect(high.rawValue.hasPrefix("> "))
    }

    @Test func producesTheCurveAndRecoveryTables() throws {
        let plate = SyntheticPlate()
        let r = PlateCurveAnalysis.analyse(plateMeasurements: plate.measurements(), file: "p.csv")
        let curves = try #require(r.tables.first { $0.name == "standard_curves" })
        #expect(curves.rowCount == 2)
        let names = curves.columns.map(\.name)
        for c in [
            "plate", "analyte", "model", "A", "B", "C", "D", "F", "r2", "weighted_sse", "n_standards",
            "lloq", "uloq", "unit", "model_choice",
        ] {
            #expect(names.contains(c), "missing column \(c)")
        }
        let recovery = try #require(r.tables.first { $0.name == "standard_recovery" })
        #expect(recovery.rowCount == plate.levels.count * plate.standardReplicates * 2)
        guard case .number(let rec)? = recovery.columns.first(where: { $0.name == "recovery_pct" })?.column else {
            Issue.record("recovery_pct")
            return
        }
        #expect(rec.allSatisfy { abs($0 - 100) < 0.5 })
    }

    @Test func convertsConcentrationUnitsToPicogramsPerML() throws {
        var plate = SyntheticPlate()
        plate.unit = "ng/mL"
        var r = PlateCurveAnalysis.analyse(plateMeasurements: plate.measurements(), file: "p.csv")
        var m = try #require(Self.recomputed(r, "P01_V1", "IL-6 (25)").first)
        #expect(abs(m.value - 120_000) / 120_000 < 1e-4)
        #expect(m.unit == "pg/mL")

        plate.unit = "pmol/L" // IL-6: 20 900 g/mol → 1 pmol/L = 20.9 pg/mL
        r = PlateCurveAnalysis.analyse(plateMeasurements: plate.measurements(), file: "p.csv")
        m = try #require(Self.recomputed(r, "P01_V1", "IL-6 (25)").first)
        #expect(abs(m.value - 120 * 20.9) / (120 * 20.9) < 1e-4)
        // TNFa is matched too (17 400 g/mol).
        let tnf = try #require(Self.recomputed(r, "P01_V1", "TNFa").first)
        #expect(abs(tnf.value - 120 * 17.4) / (120 * 17.4) < 1e-4)

        plate.unit = "IU/mL"
        r = PlateCurveAnalysis.analyse(plateMeasurements: plate.measurements(), file: "p.csv")
        #expect(r.recomputed.isEmpty)
        let errors = r.diagnostics.filter { $0.code == "unknown-unit" }
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.severity == .warning && $0.message.contains("'IU/mL'") })
    }

    @Test func tooFewStandardsIsReportedAndNothingIsRecomputed() throws {
        var plate = SyntheticPlate()
        plate.levels = Array(plate.levels.prefix(4))
        let r = PlateCurveAnalysis.analyse(plateMeasurements: plate.measurements(), file: "p.csv")
        #expect(r.recomputed.isEmpty)
        let d = r.diagnostics.filter { $0.code == "curve-fit-failed" }
        #expect(d.count == 2)
        #expect(d[0].message.contains("4 distinct concentrations"))
        #expect(d[0].location.file == "p.csv" && d[0].location.line > 0)
        let table = try #require(r.tables.first { $0.name == "standard_curves" })
        guard case .text(let status)? = table.columns.first(where: { $0.name == "status" })?.column else {
            Issue.record("status")
            return
        }
        #expect(status == ["failed", "failed"])
    }

    @Test func repairsALocaleDamagedStandardAndExcludesATypo() throws {
        let plate = SyntheticPlate()
        var ms = plate.measurements()
        // Standard4 (370.37…) written ×1000, Standard6 (41.15…) written ×7 (a typo, not a locale error).
        SyntheticPlate.set(&ms, sample: "Standard4", analyte: "IL-6 (25)", CytokineStatistic.expectedConcentration) { $0 * 1000 }
        SyntheticPlate.set(&ms, sample: "Standard6", analyte: "IL-6 (25)", CytokineStatistic.expectedConcentration) { $0 * 7 }
        let r = PlateCurveAnalysis.analyse(plateMeasurements: ms, file: "p.csv")
        let damaged = r.diagnostics.filter { $0.code == "standard-series-damaged" }
        #expect(damaged.count == 1)
        #expect(damaged.first?.location.line == 700 + 6) // Standard4's first well (index 6)
        #expect(damaged.first?.message.contains("IL-6 (25) Standard4") == true)
        let typo = r.diagnostics.filter { $0.code == "standard-series-inconsistent" }
        #expect(typo.count == 1)
        #expect(typo.first?.message.contains("Standard6") == true && typo.first?.message.contains("excluded") == true)
        let curve = try #require(r.curves.first { $0.analyte == "IL-6 (25)" })
        let s4 = curve.standards.filter { $0.level == "Standard4" }
        #expect(s4.allSatisfy { $0.status == "repaired" && abs($0.expectedUsed! - plate.levels[3]) < 1e-9 })
        #expect(curve.standards.filter { $0.level == "Standard6" }.allSatisfy { $0.status == "excluded" && $0.expectedUsed == nil })
        #expect(curve.fit?.standardCount == (plate.levels.count - 1) * 2)
        // The repaired curve still recovers the truth.
        let m = try #require(Self.recomputed(r, "P01_V1", "IL-6 (25)").first)
        #expect(abs(m.value - 120) / 120 < 1e-3)
    }

    @Test func fallsBackToRawMFIWithoutNetMFI() throws {
        let ms = SyntheticPlate().measurements().filter { $0.statistic != .netMFI }
        let r = PlateCurveAnalysis.analyse(plateMeasurements: ms, file: "p.csv")
        #expect(r.curves.allSatisfy { $0.response == .mfi })
        let m = try #require(Self.recomputed(r, "P01_V1", "IL-6 (25)").first)
        #expect(abs(m.value - 120) / 120 < 1e-3)
    }
}

@Suite("Instrument curves table")
struct InstrumentCurvesTests {
    @Test func readsTheReadersCoefficientTable() throws {
        let table = AuxiliaryTable(
            name: "instrument_curves",
            columns: [
                ("analyte", .text(["IL6", "FGF", "bad"])),
                ("model", .text(["Logistic 5P", "Logistic 4P", "Logistic 5P"])),
                ("A", .number([0.372691519344752, 1, 1])),
                ("B", .number([16452.8865695037, 4000, .nan])),
                ("C", .number([1125.03127481383, 400, 1])),
                ("D", .number([-1.17117001295961, -2, -1])),
                ("F", .number([0.940546397366397, .nan, 1])),
                ("r2", .number([0.98, 0.9, 0.1])),
            ])
        let curves = InstrumentCurves.curves(from: table)
        #expect(Set(curves.keys) == ["IL6", "FGF"])
        #expect(curves["FGF"]?.f == 1)
        // xPONENT's IL6 curve at the corpus plate's B_sid_13_CSP (net MFI 96, dilution 2): 21.0953.
        guard case .concentration(let x)? = curves["IL6"]?.inverse(96) else {
            Issue.record("no inverse")
            return
        }
        #expect(abs(x * 2 - 21.0953165308895) / 21.0953165308895 < 1e-3)
    }
}
