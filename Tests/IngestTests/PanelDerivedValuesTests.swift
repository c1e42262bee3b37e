import Domain
import Foundation
import Testing

@testable import Ingest

@Suite("Panel-derived values")
struct PanelDerivedValuesTests {
    /// One sample of the FlowJo panel, as the mapper leaves it (counts of the same FCS file).
    private func sampleCounts(
        _ sample: String = "P01_D0.fcs", treg: Double = 1234, cd4: Double = 20000,
        tfh: Double = 1020, tfr: Double = 85
    ) -> [Domain.Measurement] {
        [
            mapped(sample, "LYMPH", .count, 50000, line: 2, column: 2),
            mapped(sample, "CD4", .count, cd4, line: 2, column: 6),
            mapped(sample, "TREG", .count, treg, line: 2, column: 8),
            mapped(sample, "TEFF", .count, cd4 - treg, line: 2, column: 10),
            mapped(sample, "TFH", .count, tfh, line: 2, column: 12),
            mapped(sample, "TFR", .count, tfr, line: 2, column: 14),
            mapped(sample, "TH17", .count, 2100, line: 2, column: 16),
        ]
    }

    private func value(_ ms: [Domain.Measurement], _ code: String, _ statistic: Statistic, _ denominator: String = "") -> Domain
        .Measurement?
    {
        ms.first { $0.analyte == code && $0.statistic == statistic && $0.denominator == denominator }
    }

    @Test func tregPercentOfCD4FromCounts() throws {
        let panel = Panel(id: "p", mappings: [], derived: [.percentOf(population: "TREG", ancestor: "CD4")])
        let out = PanelDerivedValues.derive(sampleMeasurements: sampleCounts(), panel: panel, bloodCounts: BloodCounts())
        let treg = try #require(value(out, "TREG", .freqOf, "CD4"))
        // 100 × 1234 / 20000 = 6.17
        #expect(abs(treg.value - 6.17) < 1e-12)
        #expect(treg.unit == "%")
        #expect(treg.flags == "derived,from-counts")
        #expect(treg.extra == #"{"formula":"100 × 1234 / 20000"}"#)
        #expect(treg.sample == "P01_D0.fcs")
        #expect(treg.sourceLine == 2 && treg.sourceColumn == 8)
        #expect(out.count == 1)
    }

    @Test func ratiosFromCounts() throws {
        let panel = Panel(
            id: "p", mappings: [],
            derived: [
                .ratio(numerator: "TFR", denominator: "TFH"), .ratio(numerator: "TH17", denominator: "TREG"),
                .ratio(numerator: "TREG", denominator: "TEFF"),
            ])
        let out = PanelDerivedValues.derive(sampleMeasurements: sampleCounts(), panel: panel, bloodCounts: BloodCounts())
        // Tfr/Tfh = 85 / 1020 = 0.083333…; Th17/Treg = 2100 / 1234 = 1.701783…; Treg/Teff = 1234 / 18766 = 0.065757…
        #expect(abs(try #require(value(out, "TFR", .ratio, "TFH")).value - 0.0833333333) < 1e-9)
        #expect(abs(try #require(value(out, "TH17", .ratio, "TREG")).value - 1.7017828200) < 1e-9)
        #expect(abs(try #require(value(out, "TREG", .ratio, "TEFF")).value - 0.0657572205) < 1e-9)
    }

    @Test func tregDefinitionFollowsTheInputs() throws {
        var ms = sampleCounts()
        for i in ms.indices where ["TREG", "TEFF"].contains(ms[i].analyte) { ms[i].addFlag(.tregDefinition(.cd25hiCD127lo)) }
        let panel = Panel(id: "p", mappings: [], derived: [.ratio(numerator: "TREG", denominator: "TEFF")])
        let out = PanelDerivedValues.derive(sampleMeasurements: ms, panel: panel)
        #expect(out.first?.flags == "derived,from-counts,treg_definition=CD25hiCD127lo")
    }

    @Test func neverAcrossSamples() throws {
        // Sample B has CD4 but no Treg; sample A has Treg. Interleaved, as a file might be.
        let a = sampleCounts("A")
        let b = [mapped("B", "CD4", .count, 10000, line: 3, column: 6)]
        let ms = [a[0], b[0]] + a.dropFirst()
        let panel = Panel(id: "p", mappings: [], derived: [.percentOf(population: "TREG", ancestor: "CD4")])
        let (out, diagnostics) = PanelDerivedValues.deriveReporting(sampleMeasurements: ms, panel: panel, file: "plate.csv")
        #expect(out.count == 1)
        #expect(out[0].sample == "A")
        #expect(abs(out[0].value - 6.17) < 1e-12)
        #expect(
            diagnostics.map(\.description) == [
                "plate.csv:3:6: warning: cannot derive TREG % of CD4 for sample B: no count or frequency of TREG [derivation-missing-input]"
            ])
    }

    @Test func twoDifferentCountsOfAPopulationAreNotUsed() throws {
        var ms = sampleCounts()
        ms.append(mapped("P01_D0.fcs", "TREG", .count, 1300, line: 5, column: 8))
        let panel = Panel(id: "p", mappings: [], derived: [.percentOf(population: "TREG", ancestor: "CD4")])
        let (out, diagnostics) = PanelDerivedValues.deriveReporting(sampleMeasurements: ms, panel: panel, file: "f.csv")
        #expect(out.isEmpty)
        #expect(diagnostics.first?.message == "cannot derive TREG % of CD4 for sample P01_D0.fcs: two different counts of TREG")
    }

    @Test func aMeasuredValueIsNotDerivedAgain() throws {
        var ms = sampleCounts()
        ms.append(mapped("P01_D0.fcs", "TREG", .freqOf, 6.2, of: "CD4"))
        let panel = Panel(
            id: "p", mappings: [],
            derived: [
                .percentOf(population: "TREG", ancestor: "CD4"),
                .ratio(numerator: "TFR", denominator: "TFH"),
            ])
        let (out, diagnostics) = PanelDerivedValues.deriveReporting(sampleMeasurements: ms, panel: panel, file: "f.csv")
        #expect(out.map(\.statistic) == [.ratio])
        #expect(diagnostics.isEmpty)
    }

    @Test func zeroDivisorIsNotAvailableNeverInfinite() throws {
        let panel = Panel(id: "p", mappings: [], derived: [.ratio(numerator: "TFR", denominator: "TFH")])
        let (out, diagnostics) = PanelDerivedValues.deriveReporting(
            sampleMeasurements: sampleCounts(tfh: 0, tfr: 0), panel: panel, file: "f.csv")
        let r = try #require(out.first)
        #expect(r.value.isNaN)
        #expect(r.qualifier == .notAvailable)
        #expect(r.rawValue == "division by zero")
        #expect(diagnostics.first?.code == "zero-divisor")
    }

    @Test func percentFromFrequenciesOfACommonGate() throws {
        // Lab B exports only "… of lymphocytes": Treg 2.1 % and CD4 35 % of lymphocytes
        // → Treg = 2.1 / 35 = 6 % of CD4.
        let ms = [
            mapped("B1", "TREG", .freqOf, 2.1, of: "LYMPH", line: 4, column: 3),
            mapped("B1", "CD4", .freqOf, 35, of: "LYMPH", line: 4, column: 2),
        ]
        let panel = Panel(id: "p", mappings: [], derived: [.percentOf(population: "TREG", ancestor: "CD4")])
        let r = try #require(PanelDerivedValues.derive(sampleMeasurements: ms, panel: panel).first)
        #expect(abs(r.value - 6) < 1e-12)
        #expect(r.flags == "derived,from-frequencies")
        #expect(r.sourceLine == 4 && r.sourceColumn == 3)
    }

    @Test func percentAlongAChainOfParentFrequencies() throws {
        // TREG 6.17 % of CD4, CD4 60 % of CD3, CD3 70 % of LYMPH → 6.17 × 0.6 × 0.7 = 2.5914 % of LYMPH.
        let ms = [
            mapped("s", "TREG", .freqOfParent, 6.17, of: "CD4"),
            mapped("s", "CD4", .freqOfParent, 60, of: "CD3"),
            mapped("s", "CD3", .freqOfParent, 70, of: "LYMPH"),
        ]
        let panel = Panel(id: "p", mappings: [], derived: [.percentOf(population: "TREG", ancestor: "LYMPH")])
        let r = try #require(PanelDerivedValues.derive(sampleMeasurements: ms, panel: panel).first)
        #expect(abs(r.value - 2.5914) < 1e-12)
        #expect(r.extra == #"{"formula":"6.17% × 60% × 70%"}"#)
    }

    @Test func countsArePreferredToFrequencies() throws {
        var ms = sampleCounts()
        ms.append(mapped("P01_D0.fcs", "TREG", .freqOfParent, 6.2, of: "CD4")) // rounded by FlowJo
        let panel = Panel(id: "p", mappings: [], derived: [.percentOf(population: "TREG", ancestor: "CD4")])
        let r = try #require(PanelDerivedValues.derive(sampleMeasurements: ms, panel: panel).first)
        #expect(abs(r.value - 6.17) < 1e-12)
    }

    @Test func dualPlatformAbsoluteCounts() throws {
        // Lymphocytes 1.8 ×10^9/L = 1800 /µL. CD4 = 20000 / 50000 × 1800 = 720 /µL;
        // Treg = 1234 / 50000 × 1800 = 44.424 /µL; LYMPH itself = 1800 /µL.
        var counts = BloodCounts()
        counts.add(
            subject: "P01", date: "2024-03-05",
            lymphocytesPerMicrolitre: 1.8 * BloodCounts.factorToPerMicrolitre("10^9/L")!)
        let ms = sampleCounts().map { m -> Domain.Measurement in
            var m = m
            m.subject = "P01"
            m.collectionDate = "2024-03-05"
            return m
        }
        let panel = Panel(
            id: "p", mappings: [],
            derived: [
                .absoluteCount(population: "CD4"), .absoluteCount(population: "TREG"),
                .absoluteCount(population: "LYMPH"),
            ],
            absoluteCounts: .dualPlatform(reference: "LYMPH"))
        let out = PanelDerivedValues.derive(sampleMeasurements: ms, panel: panel, bloodCounts: counts)
        let cd4 = try #require(value(out, "CD4", .absCount))
        #expect(abs(cd4.value - 720) < 1e-9)
        #expect(cd4.unit == "cells/µL")
        #expect(cd4.flags == "derived,dual-platform")
        #expect(abs(try #require(value(out, "TREG", .absCount)).value - 44.424) < 1e-9)
        #expect(try #require(value(out, "LYMPH", .absCount)).value == 1800)
    }

    @Test func dualPlatformNeedsASameDayBloodCount() throws {
        var counts = BloodCounts()
        counts.add(subject: "P01", date: "2024-03-04", lymphocytesPerMicrolitre: 1800) // the day before
        let ms = sampleCounts().map { m -> Domain.Measurement in
            var m = m
            m.subject = "P01"
            m.collectionDate = "2024-03-05"
            return m
        }
        let panel = Panel(
            id: "p", mappings: [], derived: [.absoluteCount(population: "CD4")],
            absoluteCounts: .dualPlatform(reference: "LYMPH"))
        let (out, diagnostics) = PanelDerivedValues.deriveReporting(
            sampleMeasurements: ms, panel: panel, bloodCounts: counts, file: "f.csv")
        #expect(out.isEmpty)
        #expect(
            diagnostics.first?.description
                == "f.csv:2:2: warning: CD4 cells/µL for sample P01_D0.fcs: no same-day lymphocyte count (subject 'P01', date '2024-03-05') [missing-blood-count]"
        )
    }

    @Test func beadAbsoluteCounts() throws {
        // CD4 events 8000, bead events 10000, 50450 beads per tube, 50 µL blood:
        // 8000 / 10000 × 50450 / 50 = 807.2 cells/µL.
        let ms = [mapped("T1", "CD4", .count, 8000), mapped("T1", "BEADS", .count, 10000)]
        let panel = Panel(
            id: "p", mappings: [], derived: [.absoluteCount(population: "CD4")],
            absoluteCounts: .beads(beadPopulation: "BEADS", beadsPerTest: 50450, sampleVolumeMicrolitres: 50))
        let r = try #require(PanelDerivedValues.derive(sampleMeasurements: ms, panel: panel).first)
        #expect(abs(r.value - 807.2) < 1e-9)
        #expect(r.statistic == .absCount)
        #expect(r.flags == "derived,bead-count")
    }

    @Test func shippedPanelEndToEndFromFlowJoPaths() throws {
        let panel = try shippedPanel("treg-tfh-flowjo")
        let mapper = PanelMapper(panel: panel, file: "plate.csv")
        let raw = [
            flow("P01_D0.fcs", "Lymphocytes", .count, 50000, line: 2, column: 2),
            flow("P01_D0.fcs", "Lymphocytes/Single Cells/Live/CD3+", .count, 35000, line: 2, column: 3),
            flow("P01_D0.fcs", trunk, .count, 20000, line: 2, column: 4),
            flow("P01_D0.fcs", trunk + "/CD25+FoxP3+", .count, 1234, line: 2, column: 5),
            flow("P01_D0.fcs", trunk + "/NOT CD25+FoxP3+", .count, 18766, line: 2, column: 6),
            flow("P01_D0.fcs", trunk + "/CXCR5+PD-1+", .count, 1020, line: 2, column: 7),
            flow("P01_D0.fcs", trunk + "/CXCR5+FoxP3+", .count, 85, line: 2, column: 8),
        ]
        let (ms, mapDiagnostics) = mapper.mapAll(raw)
        #expect(mapDiagnostics.isEmpty)
        let (out, _) = PanelDerivedValues.deriveReporting(sampleMeasurements: ms, panel: panel, file: "plate.csv")
        #expect(abs(try #require(value(out, "TREG", .freqOf, "CD4")).value - 6.17) < 1e-12)
        #expect(abs(try #require(value(out, "CD3", .freqOf, "LYMPH")).value - 70) < 1e-12)
        #expect(abs(try #require(value(out, "TFR", .ratio, "TFH")).value - 85.0 / 1020) < 1e-12)
        #expect(try #require(value(out, "TFR", .ratio, "TFH")).flags == "derived,from-counts,treg_definition=CD25+FoxP3+")
    }

    @Test func bloodCountUnitInTheHeader() throws {
        let path = try temporaryFile(
            "cbc-sle.csv",
            """
            subject,visit,date,Lymphocytes (10^9/L)
            SL01-001,BASELINE,2015-09-18,1.31
            """)
        let (counts, diagnostics) = try BloodCounts.load(path: path)
        let m = Domain.Measurement(
            sample: "x", subject: "SL01-001", collectionDate: "2015-09-18", assay: .cytometry, analyte: "CD4", statistic: .count, value: 1)
        #expect(diagnostics.isEmpty)
        #expect(counts.lymphocytesPerMicrolitre(for: m) == 1310)
    }

    @Test func bloodCountFileWithUnits() throws {
        let path = try temporaryFile(
            "cbc.csv",
            """
            subject,date,lymphocytes,unit
            P01,2024-03-05,1.8,10^9/L
            P02,2024-03-05,1650,cells/µL
            P03,2024-03-05,2.1,mmol/L
            P04,05/03/2024,1.1,10^9/L
            """)
        let (counts, diagnostics) = try BloodCounts.load(path: path)
        let m1 = Domain.Measurement(
            sample: "x", subject: "P01", collectionDate: "2024-03-05", assay: .cytometry, analyte: "CD4", statistic: .count, value: 1)
        var m2 = m1
        m2.subject = "P02"
        #expect(counts.lymphocytesPerMicrolitre(for: m1) == 1800)
        #expect(counts.lymphocytesPerMicrolitre(for: m2) == 1650)
        #expect(
            diagnostics.map(\.description) == [
                "cbc.csv:4:4: error: lymphocyte unit 'mmol/L' is not one of cells/µL, 10^6/L, 10^9/L, G/L [unknown-unit]",
                "cbc.csv:5:2: error: date '05/03/2024' is not a date (expected yyyy-mm-dd) [invalid-date]",
            ])
    }
}
