import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

/// The INTELLIFLEX per-well CSV reader on its synthetic fixture (a 2-plex with a standard series)
/// and on the two corpus files, values checked against the cells of the files themselves.
@Suite struct IntelliflexReaderTests {
    let reader = IntelliflexCSVReader()
    static let fixture = "intelliflex/intelliflex_2plex_standards.csv"
    static let realFile = "intelliflex/allotropy__luminex_intelliflex_v2_2.csv"
    static let mockFile = "intelliflex/serolyzer__random_intelliflex_mock.csv"

    /// The cells of a CSV without quoted fields (both corpus files and the fixture), by 1-based
    /// line and column, read independently of the reader under test.
    static func cells(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func cell(_ cells: [[String]], _ line: Int, _ column: Int) -> String {
        cells[line - 1][column - 1]
    }

    // MARK: fixture

    @Test func fixtureIsDetectedAndRolesComeFromWellType() throws {
        let path = Fixtures.path(Self.fixture)
        #expect(try ReaderRegistry.detect(SourceFile(path: path)).format.id == "intelliflex-csv")
        let r = read(reader, path)
        #expect(r.rejection == nil && r.errors.isEmpty)
        let blank = try #require(r.at(well: "A1", analyte: "IL-6", CytokineStatistic.mfi))
        #expect(blank.flags == "blank" && blank.sample == "Background")
        // Standards are named by their numbered type (S3), so replicates share the level the
        // curve layer orders the series by; the lab's SAMPLE ID is kept in extra.
        let s3 = try #require(r.at(well: "G1", analyte: "IL-6", CytokineStatistic.mfi))
        #expect(s3.sample == "S3" && s3.flags == "standard" && r.extra(s3)["sample_id"] == "Std 3")
        let control = try #require(r.at(well: "A3", analyte: "IL-10", CytokineStatistic.mfi))
        #expect(control.sample == "C1" && control.flags == "control")
        let unknown = try #require(r.at(well: "C3", analyte: "IL-6", CytokineStatistic.mfi))
        #expect(unknown.sample == "PT-0101-V1" && unknown.flags == "unknown" && r.extra(unknown)["well_type"] == "U1")
    }

    @Test func fixtureValuesAreTheFileCells() throws {
        let path = Fixtures.path(Self.fixture)
        let cells = try Self.cells(path)
        let r = read(reader, path)
        #expect(!r.measurements.isEmpty)
        for m in r.measurements {
            let text = Self.cell(cells, m.sourceLine, m.sourceColumn)
            if m.value.isNaN {
                #expect(text == "NaN")
                continue
            }
            #expect(Double(text) == m.value, "\(m.sourceLine):\(m.sourceColumn) \(m.statistic) '\(text)' vs \(m.value)")
        }
        // The header names what each value is: spot-check the statistic against its column.
        let header = cells[0]
        for m in r.measurements {
            let name = header[m.sourceColumn - 1]
            switch m.statistic {
            case CytokineStatistic.mfi: #expect(name.hasSuffix("RP1 MEDIAN") && !name.contains("NET"))
            case CytokineStatistic.netMFI: #expect(name.hasSuffix("RP1 NET MEDIAN"))
            case CytokineStatistic.beadCount: #expect(name.hasSuffix("RP1 COUNT"))
            case CytokineStatistic.cv: #expect(name.hasSuffix("RP1 %CV"))
            case CytokineStatistic.expectedConcentration: #expect(name.hasSuffix("EXPECTED CONCENTRATION"))
            case CytokineStatistic.dilution: #expect(name == "DILUTION")
            default: Issue.record("unexpected statistic \(m.statistic)")
            }
            #expect(name.hasPrefix("R\(r.extra(m)["bead_id"] ?? "?"):") || name == "DILUTION")
        }
    }

    @Test func fixtureStandardsCarryExpectedConcentrationAndUnit() throws {
        let r = read(reader, Fixtures.path(Self.fixture))
        let e = try #require(r.at(well: "C1", analyte: "IL-6", CytokineStatistic.expectedConcentration))
        #expect(e.value == 10000 && e.unit == "pg/mL" && e.sample == "S1")
        let e7 = try #require(r.at(well: "H2", analyte: "IL-10", CytokineStatistic.expectedConcentration))
        #expect(e7.value == 1.2207 && e7.sample == "S7") // as written in the cell
        // Unknowns and blanks have no expected concentration (their cells are NaN).
        #expect(r.at(well: "C3", analyte: "IL-6", CytokineStatistic.expectedConcentration) == nil)
        #expect(r.at(well: "A1", analyte: "IL-6", CytokineStatistic.expectedConcentration) == nil)
    }

    @Test func fixtureMinimumBeadCountIsTheFileSetting() throws {
        let r = read(reader, Fixtures.path(Self.fixture))
        // MIN EVENTS 35: E3 IL-10 (30 beads) is flagged, C3 IL-6 (42 beads) is not, although
        // 42 is below the generic default of 50.
        let low = try #require(r.at(well: "E3", analyte: "IL-10", CytokineStatistic.beadCount))
        #expect(low.value == 30 && low.flags == "unknown,low-bead-count")
        let ok = try #require(r.at(well: "C3", analyte: "IL-6", CytokineStatistic.beadCount))
        #expect(ok.value == 42 && ok.flags == "unknown")
        #expect(r.extra(ok)[BeadCountThreshold.extraValueKey] == "35")
        #expect(r.extra(ok)[BeadCountThreshold.extraSourceKey] == "'MIN EVENTS' column")
        #expect(!r.warnings.contains { $0.code == "default-bead-threshold" })
        #expect(r.runValue("min_bead_count") == "35")
    }

    @Test func fixtureUnacquiredWellIsNotStoredButNamed() throws {
        let r = read(reader, Fixtures.path(Self.fixture))
        #expect(!r.measurements.contains { r.extra($0)["well"] == "G3" })
        let w = try #require(r.warnings.first { $0.code == "well-not-acquired" })
        #expect(w.location.line == 24 && w.location.column == 23)
        #expect(w.message == "1 well has no value in any region (WELL STATUS Dry ×1): G3; not stored")
    }

    @Test func fixtureRunTableAndCalibrationWarning() throws {
        let r = read(reader, Fixtures.path(Self.fixture))
        #expect(r.runValue("instrument") == "INTELLIFLEX" && r.runValue("serial_number") == "IFLX0424")
        #expect(r.runValue("batch") == "CYTO_IFX_12" && r.runValue("run_date") == "2026-11-03")
        #expect(r.runValue("protocol_name") == "Human Cytokine 2-plex [v3]")
        #expect(r.runValue("signature_serial_number") == "IFLX0424")
        #expect(r.runValue("data_signature") == "0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9")
        let cal = try #require(r.warnings.first { $0.code == "instrument-calibration" })
        #expect(cal.location.line == 2 && cal.location.column == 8)
        #expect(cal.message == "CALIBRATION LOT EXPIRED is 'True': the run used an expired calibration or verification lot")
        // Replicate calculations the model has no statistic for are kept in extra.
        let m = try #require(r.at(well: "C1", analyte: "IL-6", CytokineStatistic.mfi))
        #expect(r.extra(m)["replicate_cv"] == "2.80" && r.extra(m)["background"] == "0")
        #expect(r.extra(m)["average_mfi"] != nil && r.extra(m)["mean_fi"] != nil)
    }

    // MARK: corpus

    @Test(.sharedCorpus)
    func realFileValuesAreItsCells() throws {
        let path = SharedCorpus.path(Self.realFile)
        #expect(try ReaderRegistry.detect(SourceFile(path: path)).format.id == "intelliflex-csv")
        let cells = try Self.cells(path)
        let r = read(reader, path)
        #expect(r.rejection == nil)
        // Two acquired wells (B1 line 3, A2 line 10) × 14 regions; 8 Dry wells are not stored.
        #expect(Set(r.measurements.map { r.extra($0)["well"] ?? "" }) == ["B1", "A2"])
        #expect(Set(r.measurements.map(\.analyte)).count == 14)
        let hpv6 = try #require(r.at(well: "B1", analyte: "HPV6", CytokineStatistic.mfi))
        #expect(hpv6.value == 6.05021 && hpv6.sourceLine == 3 && hpv6.sourceColumn == 50)
        #expect(Self.cell(cells, 3, 50) == "6.05021" && cells[0][49] == "R25: RP1 MEDIAN")
        let net = try #require(r.at(well: "B1", analyte: "HPV6", CytokineStatistic.netMFI))
        #expect(net.value == 10.27147 && cells[0][net.sourceColumn - 1] == "R25: RP1 NET MEDIAN")
        let dilution = try #require(r.at(well: "A2", analyte: "HPV59", CytokineStatistic.dilution))
        #expect(dilution.value == 7 && Self.cell(cells, 10, 35) == "7")
        for m in r.measurements {
            let text = Self.cell(cells, m.sourceLine, m.sourceColumn)
            #expect(Double(text) == m.value, "\(m.sourceLine):\(m.sourceColumn) '\(text)' vs \(m.value)")
        }
        // The file's counts are not whole numbers (its values were scrambled): each is an
        // error at its cell, never a rounded bead count.
        let counts = r.errors.filter { $0.code == "invalid-count" }
        #expect(counts.count == 23)
        #expect(counts.first?.location.line == 3 && counts.first?.location.column == 55)
        #expect(counts.first?.message == "bead count '17.65178' is not a whole number of beads")
        // Whole counts are read: A2 HPV31 counted 0 beads and is flagged.
        let zero = try #require(r.at(well: "A2", analyte: "HPV31", CytokineStatistic.beadCount))
        #expect(zero.value == 0 && zero.flags.contains("low-bead-count") && Self.cell(cells, 10, 99) == "0")
        let dry = try #require(r.warnings.first { $0.code == "well-not-acquired" })
        #expect(dry.message == "8 wells have no value in any region (WELL STATUS Dry ×8): A1, C1, D1, E1, F1, G1, H1, B2; not stored")
        #expect(r.runValue("serial_number") == "IFLXTEST001" && r.runValue("batch") == "TEST_PLATE_001")
        #expect(r.runValue("run_date") == "2026-02-25" && r.runValue("plate_status") == "Partial")
        #expect(r.runValue("data_signature") == String(repeating: "ABCD1234", count: 8) + String(repeating: "EF567890", count: 8))
    }

    @Test(.sharedCorpus)
    func mockFileIsReadAndItsTruncatedRegionNamed() throws {
        let path = SharedCorpus.path(Self.mockFile)
        #expect(try ReaderRegistry.detect(SourceFile(path: path)).format.id == "intelliflex-csv")
        let cells = try Self.cells(path)
        let r = read(reader, path)
        #expect(r.rejection == nil && r.errors.isEmpty)
        let ebv = try #require(r.at(well: "A1", analyte: "EBV", CytokineStatistic.mfi))
        #expect(ebv.value == 9700 && ebv.sample == "Unknown1" && Self.cell(cells, 2, 17) == "9700")
        let count = try #require(r.at(well: "A2", analyte: "EchoV", CytokineStatistic.beadCount))
        #expect(count.value == 90 && Self.cell(cells, count.sourceLine, count.sourceColumn) == "90")
        #expect(r.measurements.count == 5 * 2 * 3) // 5 wells × EBV, EchoV × mfi, net MFI, count
        let w = try #require(r.warnings.first { $0.code == "columns-not-read" })
        #expect(w.location.column == 29)
        #expect(w.message == "1 region column not read: R25: RP1 (column 29: no value column, only its name or region)")
    }

    // MARK: malformed

    static func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iflex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func badAndDuplicateWellsAreRowErrors() throws {
        let path = try Self.temp(
            "bad.csv",
            """
            WELL LOCATION,WELL TYPE,SAMPLE ID,R25: RP1 ANALYTE NAME,R25: RP1 MEDIAN,R25: RP1 COUNT
            A1,U1,P1,IL-6,120.5,80
            Z,U2,P2,IL-6,130,80
            A1,U3,P3,IL-6,140,80
            B1,X9Z,P4,IL-6,abc,80

            """)
        let r = read(reader, path)
        #expect(r.rejection == nil)
        #expect(
            r.errors.map { "\($0.code) \($0.location.line):\($0.location.column)" }
                == ["invalid-location 3:1", "duplicate-well 4:1", "non-numeric-value 5:5"])
        #expect(r.errors[0].message == "'Z' in WELL LOCATION is not a well like A1 or H12: row skipped")
        #expect(r.errors[1].message == "well A1 appears again (first on line 2): row skipped")
        let type = try #require(r.warnings.first { $0.code == "unknown-well-type" })
        #expect(type.location.line == 5 && type.location.column == 2)
        #expect(r.at(well: "A1", analyte: "IL-6", CytokineStatistic.mfi)?.value == 120.5)
        #expect(r.at(well: "B1", analyte: "IL-6", CytokineStatistic.beadCount)?.value == 80)
    }

    @Test func headerWithoutWellLocationIsRefusedSayingWhy() throws {
        let path = try Self.temp(
            "nowell.csv",
            """
            WELL,SAMPLE ID,R25: RP1 MEDIAN
            A1,P1,120

            """)
        let r = read(reader, path)
        let d = try #require(r.rejection?.diagnostic)
        #expect(d.code == "missing-column" && d.location.line == 1 && d.location.column == 1)
        #expect(
            d.message
                == "this looks like a Luminex INTELLIFLEX per-well export (region columns such as 'R25: RP1 MEDIAN') but it has no 'WELL LOCATION' column, so values cannot be tied to wells"
        )
    }

    @Test func regionHeaderParsing() {
        let (r, f) = IntelliflexColumns.regionColumn("R25: RP1 NET NORMALIZED MEDIAN")!
        #expect(r.region == "25" && r.reporter == "RP1" && f == "NET NORMALIZED MEDIAN")
        let (r2, f2) = IntelliflexColumns.regionColumn("R7: MEDIAN")!
        #expect(r2.region == "7" && r2.reporter == "" && f2 == "MEDIAN")
        #expect(IntelliflexColumns.regionColumn("REGION: 25") == nil)
        #expect(IntelliflexColumns.regionColumn("WELL LOCATION") == nil)
        #expect(IntelliflexField(fieldName: "NET MEDIAN") == .statistic(CytokineStatistic.netMFI))
        #expect(IntelliflexField(fieldName: "REPLICATE %CV") == .extra("replicate_cv"))
        #expect(IntelliflexField(fieldName: "PEAK") == .unknown("PEAK"))
    }
}

/// Damaged copies of the fixture (cut at every 97th byte, a byte overwritten every 89 bytes):
/// the reader must read or refuse each with a diagnostic, never crash, and every diagnostic
/// must point into the file (line ≥ 1).
@Suite struct IntelliflexRobustnessTests {
    @Test func damagedFilesAreReadOrRefusedNeverCrash() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path(IntelliflexReaderTests.fixture))))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iflex-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var variants: [[UInt8]] = []
        for cut in stride(from: 0, to: original.count, by: 97) { variants.append(Array(original[..<cut])) }
        for (k, at) in stride(from: 5, to: original.count, by: 89).enumerated() {
            var v = original
            v[at] = [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\""), 0xFF, UInt8(ascii: "x")][k % 5]
            variants.append(v)
        }
        for (i, bytes) in variants.enumerated() {
            let path = dir.appendingPathComponent("v\(i).csv").path
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let r = read(IntelliflexCSVReader(), path)
            for d in r.sink.diagnostics + (r.rejection.map { [$0.diagnostic] } ?? []) {
                #expect(d.location.line >= 1, "variant \(i): \(d)")
            }
            #expect(r.measurements.allSatisfy { $0.sourceLine >= 2 && $0.sourceColumn >= 1 }, "variant \(i)")
        }
    }
}
