import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

/// The real exports in ../shared/corpus/{xponent,bioplex,msd}. Skipped when the corpus is absent.
/// Every value asserted here was read from the file by eye.
@Suite(.sharedCorpus)
struct CytokineCorpusTests {
    /// Each corpus file and its fate: the reader that must claim it and the rejection code, if
    /// the file is to be rejected (none is).
    static let expectations: [(file: String, format: String, rejection: String?)] = [
        ("xponent/allotropy__luminex_intelliflex_example_01.csv", "xponent-csv", nil),
        ("xponent/allotropy__luminex_xPONENT_NaN_and_not_reported_values.csv", "xponent-csv", nil),
        ("xponent/allotropy__luminex_xPONENT_example02.csv", "xponent-csv", nil),
        ("xponent/allotropy__luminex_xPONENT_example02_saved.csv", "xponent-csv", nil),
        ("xponent/allotropy__luminex_xPONENT_missing_optional_fields.csv", "xponent-csv", nil),
        ("xponent/serolyzer__CovidOISExPONTENT.csv", "xponent-csv", nil),
        ("xponent/serolyzer__P1_SEROPED_PBT_62PLEX_PLATE1_03312023_RUN001.csv", "xponent-csv", nil),
        ("xponent/serolyzer__pone.0187901.s001.csv", "xponent-csv", nil),
        ("bioplex/allotropy__bio-rad_bio-plex_manager_example_01.xml", "bioplex-xml", nil),
        ("bioplex/labkey__plate_3_IgA-Biot__Standard1_.xlsx", "bioplex-xlsx", nil),
        ("bioplex/labkey__pnLINCO20070302A.xlsx", "bioplex-xlsx", nil),
        ("bioplex/labkey__02-14A22-IgA-Biotin.xls", "bioplex-xls", nil),
        ("bioplex/labkey__Guide_Set_plate_2.xls", "bioplex-xls", nil),
        ("bioplex/labkey__WithBlankBead.xls", "bioplex-xls", nil),
        ("bioplex/labkey__plate_1_IgA-Biot__Standard2_.xls", "bioplex-xls", nil),
        ("msd/allotropy__msd_workbench_test_2.csv", "msd-csv", nil),
        ("msd/allotropy__test_msd_workbench_xlsx.xlsx", "msd-xlsx", nil),
        ("msd/allotropy__methodical_test_2.txt", "meso-txt", nil),
        ("msd/allotropy__methodical_test_3.txt", "meso-txt", nil),
        ("msd/allotropy__methodical_test_4_missing_spots.txt", "meso-txt", nil),
        ("msd/allotropy__methodical_test_5_mulitple_spot_tables.txt", "meso-txt", nil),
        ("intelliflex/allotropy__luminex_intelliflex_v2_2.csv", "intelliflex-csv", nil),
        ("intelliflex/serolyzer__random_intelliflex_mock.csv", "intelliflex-csv", nil),
    ]

    @Test func everyCorpusFileIsAccountedFor() {
        let present = ["xponent", "bioplex", "msd", "intelliflex"].flatMap(SharedCorpus.files(in:))
        #expect(Set(present) == Set(Self.expectations.map(\.file)), "a corpus file has no expectation")
    }

    @Test(arguments: expectations.map(\.file))
    func corpusFileIsDetectedAndReadOrRejected(_ file: String) throws {
        let expected = try #require(Self.expectations.first { $0.file == file })
        let reader = try ReaderRegistry.detect(SourceFile(path: SharedCorpus.path(file)))
        #expect(reader.format.id == expected.format)
        let r = read(reader, SharedCorpus.path(file))
        #expect(r.rejection?.diagnostic.code == expected.rejection)
        if expected.rejection == nil {
            #expect(!r.measurements.isEmpty)
            #expect(r.measurements.allSatisfy { $0.assay == .cytokine && $0.sourceLine > 0 && $0.parameter.isEmpty })
            #expect(r.measurements.allSatisfy { m in WellRole.allCases.contains { m.flags.hasPrefix($0.rawValue) } })
            #expect(r.table("instrument_run") != nil)
        }
    }

    // MARK: xPONENT

    @Test func poneCytokinePanel() throws {
        let r = read(XPonentCSVReader(), SharedCorpus.path("xponent/serolyzer__pone.0187901.s001.csv"))
        #expect(Set(r.measurements.map(\.analyte)).count == 30)
        // C1 (B_sid_13_CSP), FGF Result `< 0.10528564453125`, line 360 column 3.
        let lloq = try #require(r.at(well: "C1", analyte: "FGF", CytokineStatistic.concentration))
        #expect(lloq.qualifier == .belowLLOQ && lloq.value == 0.10528564453125 && lloq.rawValue == "< 0.10528564453125")
        #expect(lloq.sample == "B_sid_13_CSP" && lloq.unit == "pg/mL" && lloq.sourceLine == 360 && lloq.sourceColumn == 3)
        // A2 (Standard1), FGF `> 3450`.
        let uloq = try #require(r.at(well: "A2", analyte: "FGF", CytokineStatistic.concentration))
        #expect(uloq.qualifier == .aboveULOQ && uloq.value == 3450 && uloq.flags == "standard")
        // A1 Background0 Result NaN.
        let nan = try #require(r.at(well: "A1", analyte: "FGF", CytokineStatistic.concentration))
        #expect(nan.qualifier == .notAvailable && nan.flags == "blank")
        // E1 IL17 0.155377186909581 is marked "Extrapolated" in Comments (line 951, column 12).
        let extrapolated = try #require(r.at(well: "E1", analyte: "IL17", CytokineStatistic.concentration))
        #expect(extrapolated.qualifier == .extrapolated && extrapolated.value == 0.155377186909581)
        #expect(r.extra(try #require(r.at(well: "B1", analyte: "FGF", CytokineStatistic.concentration)))["comment"] == "Control Failed.")
        // The locale-damaged expected concentrations (one per analyte, e.g. FGF Standard5 `215625`
        // for 215.625) are emitted as written: the curve layer, not the reader, judges the series.
        #expect(r.errors.isEmpty, "\(r.errors.prefix(3))")
        let damaged = try #require(r.at(well: "H6", analyte: "FGF", CytokineStatistic.expectedConcentration)) // Standard5
        #expect(damaged.value == 215625 && damaged.sample == "Standard5")
        #expect(damaged.statistic == CytokineStatistic.expectedConcentration)
        #expect(damaged.sourceLine == 1053 && damaged.sourceColumn == 2)
        #expect(r.at(well: "A5", analyte: "FGF", CytokineStatistic.expectedConcentration)?.value == 107.8125) // Standard6
        // Control expected concentration and % Recovery of Control1 (B1).
        #expect(r.at(well: "B1", analyte: "FGF", CytokineStatistic.expectedConcentration)?.value == 1150)
        #expect(r.at(well: "B1", analyte: "FGF", CytokineStatistic.recovery)?.value == 86.40)
        #expect(r.runValue("run_date") == "2014-02-26")
        #expect(r.runValue("batch_start_date") == "2014-02-28")
        let curves = try #require(r.table("instrument_curves"))
        #expect(curves.rowCount == 30)
        guard case .number(let a) = curves.columns[2].column else {
            Issue.record("A column")
            return
        }
        #expect(a[0] == -0.228742409930827)
    }

    @Test func intelliflex62PlexWithBOM() throws {
        let r = read(XPonentCSVReader(), SharedCorpus.path("xponent/serolyzer__P1_SEROPED_PBT_62PLEX_PLATE1_03312023_RUN001.csv"))
        #expect(Set(r.measurements.map(\.analyte)).count == 62)
        #expect(r.runValue("program") == "xPONENT" && r.runValue("instrument") == "Intelliflex")
        #expect(r.runValue("build") == nil) // `"Build",""`
        #expect(r.runValue("run_date") == "2023-03-31")
        #expect(r.runValue("ProtocolOperatingMode") == "Luminex® 200™ Low PMT")
        #expect(r.warnings.contains { $0.code == "default-bead-threshold" })
        // A1 Background0, Adenovirus T3: 44 beads < 50.
        let count = try #require(r.at(well: "A1", analyte: "Adenovirus T3", CytokineStatistic.beadCount))
        #expect(count.value == 44 && count.flags == "blank,low-bead-count" && count.sourceLine == 253)
        #expect(r.at(well: "A1", analyte: "Adenovirus T3", CytokineStatistic.mfi)?.value == 30.57617)
        #expect(r.at(well: "A1", analyte: "Adenovirus T3", CytokineStatistic.cv) != nil)
        #expect(Set(r.measurements.map { r.extra($0)["well"] ?? "" }).count == 96)
    }

    @Test func rawExportAndItsExcelResaveGiveTheSameValues() throws {
        let raw = read(XPonentCSVReader(), SharedCorpus.path("xponent/allotropy__luminex_xPONENT_example02.csv"))
        let saved = read(XPonentCSVReader(), SharedCorpus.path("xponent/allotropy__luminex_xPONENT_example02_saved.csv"))
        func key(_ m: Domain.Measurement) -> String { "\(m.sample)|\(m.analyte)|\(m.statistic)|\(m.value)|\(m.flags)" }
        #expect(raw.measurements.count == 4 * 2 * 4) // wells × analytes × (mfi, net_mfi, bead_count, dilution)
        #expect(raw.measurements.map(key) == saved.measurements.map(key))
        // Per Bead 25 is the threshold (not Min Events 100): 25 beads is enough.
        #expect(raw.measurements.allSatisfy { !$0.flags.contains("low-bead-count") })
        #expect(raw.at(well: "C1", analyte: "alpha", CytokineStatistic.beadCount)?.value == 25)
        #expect(raw.runValue("run_date") == "2023-05-17" && saved.runValue("run_date") == "2023-05-17")
        // The file's only non-ASCII text is U+FFFD (EF BF BD), already in the raw export: both read as UTF-8.
        #expect(!raw.warnings.contains { $0.code == "legacy-encoding" })
        #expect(!saved.warnings.contains { $0.code == "legacy-encoding" })
        #expect(saved.runValue("ProtocolDescription")?.contains("\u{FFFD}") == true)
    }

    @Test func nanAndNotReportedValues() throws {
        let r = read(XPonentCSVReader(), SharedCorpus.path("xponent/allotropy__luminex_xPONENT_NaN_and_not_reported_values.csv"))
        #expect(r.errors.isEmpty)
        // A1 analyte3 Median is empty, analyte1 NaN: both not available, never zero.
        let empty = try #require(r.at(well: "A1", analyte: "analyte3", CytokineStatistic.mfi))
        #expect(empty.qualifier == .notAvailable && empty.value.isNaN)
        #expect(r.at(well: "A1", analyte: "analyte1", CytokineStatistic.mfi)?.rawValue == "NaN")
        // Every count is 0, below Per Bead 25.
        #expect(r.measurements.allSatisfy { $0.flags == "unknown,low-bead-count" })
        #expect(r.runValue("crc32") == "1234")
        #expect(r.runValue("run_date") == "2025-01-01")
    }

    @Test func intelliflexExamplesWithoutOptionalHeaderLines() throws {
        for file in ["allotropy__luminex_intelliflex_example_01.csv", "allotropy__luminex_xPONENT_missing_optional_fields.csv"] {
            let r = read(XPonentCSVReader(), SharedCorpus.path("xponent/" + file))
            #expect(r.errors.isEmpty)
            #expect(r.runValue("run_date") == "2024-10-19")
            let net = try #require(r.at(well: "A10", analyte: "6P_PBS_3_day2", CytokineStatistic.netMFI))
            #expect(net.value == -176.32446 && net.flags == "blank")
            #expect(r.at(well: "A1", analyte: "Monitoring", CytokineStatistic.cv)?.value == 6.44802)
            let notRead = try #require(r.warnings.first { $0.code == "sections-not-read" })
            #expect(notRead.message.contains("Trimmed Mean") && notRead.message.contains("Peak"))
        }
    }

    @Test func magpixCovidPanel() throws {
        let r = read(XPonentCSVReader(), SharedCorpus.path("xponent/serolyzer__CovidOISExPONTENT.csv"))
        #expect(r.errors.isEmpty)
        #expect(Set(r.measurements.map(\.analyte)).count == 30)
        #expect(r.at(well: "A1", analyte: "Spike_6P", CytokineStatistic.mfi)?.flags == "blank") // sample "B"
        #expect(r.at(well: "A2", analyte: "Spike_6P", CytokineStatistic.mfi)?.flags == "standard") // sample "S"
        #expect(r.runValue("instrument") == "MAGPIX" && r.runValue("run_date") == "2022-05-11")
        let notRead = try #require(r.warnings.first { $0.code == "sections-not-read" })
        #expect(notRead.message.contains("Acquisition Time") && notRead.message.contains("Trimmed % CV of Microspheres"))
    }

    // MARK: Bio-Plex

    @Test func bioPlexPlate3Workbook() throws {
        let r = read(BioPlexXlsxReader(), SharedCorpus.path("bioplex/labkey__plate_3_IgA-Biot__Standard1_.xlsx"))
        #expect(r.errors.isEmpty)
        #expect(Set(r.measurements.map(\.analyte)) == ["ENV6 (97)", "ENV7 (93)", "ENV4 (26)", "ENV5 (58)", "Blank (53)"])
        // ENV6 (97), row 14 (type C1, well E1): Obs Conc `*545.33376`.
        let star = try #require(r.at(well: "E1", analyte: "ENV6 (97)", CytokineStatistic.concentration))
        #expect(star.qualifier == .extrapolated && star.value == 545.33376 && star.rawValue == "*545.33376")
        #expect(star.sourceLine == 14 && star.sourceColumn == 9 && star.sample == "C1" && star.flags == "control")
        #expect(r.extra(star)["description"] == "Standard1")
        let oor = try #require(r.at(well: "E8", analyte: "ENV6 (97)", CytokineStatistic.concentration))
        #expect(oor.qualifier == .belowLLOQ && oor.value.isNaN && oor.rawValue == "OOR <")
        let above = try #require(r.at(well: "E1", analyte: "ENV7 (93)", CytokineStatistic.concentration))
        #expect(above.qualifier == .aboveULOQ && above.rawValue == "OOR >")
        // Control 3 (C11) has Exp Conc 0: no expected concentration was entered.
        let unset = try #require(r.at(well: "E11", analyte: "ENV6 (97)", CytokineStatistic.expectedConcentration))
        #expect(unset.qualifier == .notAvailable && unset.rawValue == "0")
        #expect(r.at(well: "E12", analyte: "ENV6 (97)", CytokineStatistic.beadCount)?.value == 150)
        #expect(r.runValue("run_date") == "2011-06-16" && r.runValue("serial_number") == "ABC123456789")
        let curves = try #require(r.table("instrument_curves"))
        guard case .number(let c) = curves.columns[4].column, case .number(let f) = curves.columns[6].column else { return }
        #expect(curves.rowCount == 5 && c[0] == 122.733 && f[0] == 7.64039)
    }

    @Test func bioPlexLincoWorkbookSkipsTheTemplateSheet() throws {
        let r = read(BioPlexXlsxReader(), SharedCorpus.path("bioplex/labkey__pnLINCO20070302A.xlsx"))
        #expect(r.errors.isEmpty)
        #expect(r.warnings.contains { $0.code == "sheet-skipped" && $0.message.contains("Project Template") })
        #expect(Set(r.measurements.map(\.analyte)).count == 13)
        // IL-1b (1), S1 in wells C1,D1: Obs Conc 0.15, Exp Conc 0.13, (Obs/Exp)*100 115.
        let s1 = r.measurements.filter { $0.analyte == "IL-1b (1)" && $0.sample == "S1" }
        #expect(s1.first { $0.statistic == CytokineStatistic.concentration }?.value == 0.15)
        #expect(s1.first { $0.statistic == CytokineStatistic.expectedConcentration }?.value == 0.13)
        #expect(s1.first { $0.statistic == CytokineStatistic.recovery }?.value == 115)
        #expect(s1.allSatisfy { r.extra($0)["well"] == "C1,D1" })
        // X3 is an unknown whose Description is 275001.
        #expect(r.values(sample: "275001", analyte: "IL-1b (1)", CytokineStatistic.mfi).first?.value == 211.3)
        #expect(r.runValue("run_date") == "2007-03-02")
        let curves = try #require(r.table("instrument_curves"))
        guard case .number(let c) = curves.columns[4].column, case .number(let f) = curves.columns[6].column,
            case .text(let model) = curves.columns[1].column
        else { return }
        #expect(curves.rowCount == 13 && c[0] == 247.786 && f[0] == 1 && model[0] == "Logistic - 4PL")
    }

    @Test func bioPlexManagerXML() throws {
        let r = read(BioPlexXMLReader(), SharedCorpus.path("bioplex/allotropy__bio-rad_bio-plex_manager_example_01.xml"))
        #expect(r.errors.isEmpty)
        #expect(r.measurements.filter { $0.statistic == CytokineStatistic.mfi }.count == 96 * 15)
        let s1 = try #require(r.at(well: "A1", analyte: "alpha", CytokineStatistic.mfi))
        #expect(s1.value == 1015 && s1.sample == "S1" && s1.flags == "standard")
        #expect(r.at(well: "A1", analyte: "alpha", CytokineStatistic.beadCount)?.value == 32)
        let conc = try #require(r.at(well: "A1", analyte: "alpha", CytokineStatistic.concentration))
        #expect(conc.qualifier == .notAvailable && conc.rawValue == "Data field has not been set")
        #expect(r.at(well: "A1", analyte: "alpha", CytokineStatistic.expectedConcentration)?.qualifier == .notAvailable)
        #expect(r.at(well: "A12", analyte: "alpha", CytokineStatistic.mfi)?.flags == "blank")
        #expect(r.runValue("min_bead_count") == "25" && r.runValue("serial_number") == "LX12345678912")
        #expect(r.runValue("curve_error:alpha") == "Unable to calculate regression - All expected values set to zero")
    }

    // MARK: MSD

    @Test func msdWorkbench() throws {
        let r = read(MSDReader(), SharedCorpus.path("msd/allotropy__msd_workbench_test_2.csv"))
        #expect(r.errors.isEmpty)
        #expect(r.runValue("plate_id") == "TEST001")
        let u = try #require(r.at(well: "A3", analyte: "Test Assay 1.0", CytokineStatistic.concentration))
        #expect(u.value == 200 && u.sample == "U001" && u.flags == "unknown" && u.sourceLine == 5 && u.sourceColumn == 14)
        #expect(r.at(well: "A1", analyte: "Test Assay 1.0", CytokineStatistic.signal)?.value == 1000)
        #expect(r.at(well: "A1", analyte: "Test Assay 1.0", CytokineStatistic.expectedConcentration)?.value == 100)
        // S008 is the zero calibrator: expected 0 is a real zero; its Calc. Concentration is NaN.
        #expect(r.at(well: "H1", analyte: "Test Assay 1.0", CytokineStatistic.expectedConcentration)?.value == 0)
        #expect(r.at(well: "H1", analyte: "Test Assay 1.0", CytokineStatistic.concentration)?.qualifier == .notAvailable)
        #expect(Set(r.measurements.map { r.extra($0)["well"] ?? "" }).count == 48)
    }
}
