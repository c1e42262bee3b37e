import Domain
import Foundation
import Testing

@testable import Readers

@Suite struct BioPlexXlsxReaderTests {
    var result: ReadResult { read(BioPlexXlsxReader(), Fixtures.path("bioplex/bioplex_2plex.xlsx")) }

    @Test func tokensOfObsConc() throws {
        let r = result
        let above = try #require(r.at(well: "A2,B2", analyte: "IL-6 (25)", CytokineStatistic.concentration))
        #expect(above.qualifier == .aboveULOQ && above.value.isNaN && above.rawValue == "OOR >")
        let star = try #require(r.at(well: "A4,B4", analyte: "IL-6 (25)", CytokineStatistic.concentration))
        #expect(star.qualifier == .extrapolated && star.value == 545.3 && star.rawValue == "*545.3")
        let outlier = try #require(r.at(well: "A7,B7", analyte: "IL-6 (25)", CytokineStatistic.concentration))
        #expect(outlier.qualifier == .outlier && outlier.rawValue == "---")
        #expect(r.at(well: "A9", analyte: "IL-6 (25)", CytokineStatistic.concentration)?.qualifier == .notAvailable)
        #expect(r.at(well: "A2,B2", analyte: "IL-6 (25)", CytokineStatistic.recovery)?.rawValue == "***")
    }

    @Test func errorsUseSpreadsheetRowAndColumn() throws {
        let r = result
        let bad = try #require(r.errors.first { $0.code == "non-numeric-value" })
        #expect(bad.location.line == 15 && bad.location.column == 6 && bad.message.contains("'12,3a'"))
        // The place as Excel shows it: sheet and cell.
        #expect(bad.location.sheet == "IL-6 (25)" && bad.location.description == "bioplex_2plex.xlsx: 'IL-6 (25)'!F15")
        let type = try #require(r.errors.first { $0.code == "unknown-well-type" })
        #expect(type.location.line == 17 && type.location.column == 2)
        #expect(!r.measurements.contains { r.extra($0)["well"] == "A10" })
    }

    @Test func samplesRolesAndFlags() throws {
        let r = result
        // Unknowns are named by Description (an inline string here), the rest by type code.
        let x1 = r.values(sample: "PT-001 V1", analyte: "IL-6 (25)", CytokineStatistic.mfi)
        #expect(x1.count == 1 && x1[0].flags == "unknown,low-bead-count") // 44 beads and sampling error 1
        #expect(r.values(sample: "C1", analyte: "IL-6 (25)", CytokineStatistic.mfi).first?.flags == "control")
        #expect(r.values(sample: "B", analyte: "IL-10 (27)", CytokineStatistic.mfi).first?.flags == "blank")
        #expect(r.values(sample: "X3", analyte: "IL-6 (25)", CytokineStatistic.mfi).first?.value == 43)
        let c1 = try #require(r.at(well: "A6", analyte: "IL-6 (25)", CytokineStatistic.mfi))
        #expect(r.extra(c1)["description"] == "Control 1" && r.extra(c1)["plate_id"] == "CYTO_PLATE_07")
        #expect(r.warnings.contains { $0.code == "sheet-skipped" && $0.message.contains("'Notes'") })
    }

    @Test func curvesFromThePrintedEquation() throws {
        let r = result
        let t = try #require(r.table("instrument_curves"))
        guard case .text(let models) = t.columns[1].column, case .number(let a) = t.columns[2].column,
            case .number(let b) = t.columns[3].column, case .number(let f) = t.columns[6].column
        else { return }
        #expect(models == ["Logistic - 5PL", "Logistic - 4PL"])
        #expect(a[0] == 12.5 && abs(b[0] - 21040.3) < 1e-9 && f == [0.91, 1])
        #expect(r.runValue("run_date") == "2024-03-14" && r.runValue("plate_id") == "CYTO_PLATE_07")
    }

    @Test func equationParsing() {
        let p5 = BioPlexEquation.parse("Std. Curve: FI = 0.465914 + (1.5417E+006 - 0.465914) / ((1 + (Conc / 122.733)^-0.173373))^7.64039")
        #expect(p5 == .init(a: 1.5417e6, b: -0.173373, c: 122.733, d: 0.465914, g: 7.64039))
        let p4 = BioPlexEquation.parse("Std. Curve: FI = -5.2 + (16123.9 - -5.2) / (1 + (Conc / 247.786)^-1.05775)")
        #expect(p4 == .init(a: 16123.9, b: -1.05775, c: 247.786, d: -5.2, g: 1))
        #expect(BioPlexEquation.parse("Std. Curve: FI = 2.1 * Conc + 3") == nil)
    }

    @Test func notAZipIsRejected() throws {
        let path = try temporaryFile("PK but not really a zip", name: "plate.xlsx")
        let r = read(BioPlexXlsxReader(), path)
        #expect(r.rejection?.diagnostic.code == "not-xlsx")
    }
}

@Suite struct BioPlexXMLReaderTests {
    var result: ReadResult { read(BioPlexXMLReader(), Fixtures.path("bioplex/bioplex_manager_2plex.xml")) }

    @Test func memberWellValues() throws {
        let r = result
        let s1 = try #require(r.at(well: "A2", analyte: "IL-6", CytokineStatistic.concentration))
        #expect(s1.value == 9912 && s1.unit == "pg/ml" && s1.qualifier == .inRange)
        let unset = try #require(r.at(well: "A2", analyte: "IL-10", CytokineStatistic.concentration))
        #expect(unset.qualifier == .notAvailable && unset.rawValue == "Data field has not been set" && unset.value.isNaN)
        #expect(r.at(well: "A2", analyte: "IL-6", CytokineStatistic.expectedConcentration)?.value == 10000)
        #expect(r.at(well: "A2", analyte: "IL-10", CytokineStatistic.expectedConcentration)?.qualifier == .notAvailable)
        #expect(r.at(well: "A1", analyte: "IL-10", CytokineStatistic.mfi)?.qualifier == .notAvailable) // Valid="false"
        #expect(r.at(well: "A7", analyte: "IL-6", CytokineStatistic.mfi)?.sample == "PT-001 V1")
    }

    @Test func beadCountsAgainstTheStopReadingCriteria() throws {
        let r = result
        let low = r.measurements.filter { r.extra($0)["well"] == "A7" && $0.analyte == "IL-6" }
        #expect(!low.isEmpty && low.allSatisfy { $0.flags == "unknown,low-bead-count" })
        #expect(r.at(well: "A7", analyte: "IL-6", CytokineStatistic.beadCount)?.value == 44)
        #expect(r.at(well: "A7", analyte: "IL-10", CytokineStatistic.beadCount)?.flags == "unknown")
        #expect(r.at(well: "A1", analyte: "IL-6", CytokineStatistic.beadCount) == nil) // well not in <Wells>
    }

    @Test func badReadingIsAnErrorWithItsLine() throws {
        let r = result
        let e = try #require(r.errors.first)
        #expect(e.code == "non-numeric-value" && e.location.line == 105 && e.message.contains("8.8E+001x"))
        #expect(r.at(well: "A7", analyte: "IL-10", CytokineStatistic.mfi) == nil)
    }

    @Test func anExportWithoutWellsIsRejectedNotReadSilently() throws {
        // Issue 11 item 10: the fixture with its <Wells> section cut out.
        let xml = try String(contentsOfFile: Fixtures.path("bioplex/bioplex_manager_2plex.xml"), encoding: .utf8)
        let start = try #require(xml.range(of: "<Wells>")), end = try #require(xml.range(of: "</Wells>"))
        let cut = String(xml[..<start.lowerBound]) + String(xml[end.upperBound...])
        let r = read(BioPlexXMLReader(), try temporaryFile(cut, name: "no-wells.xml"))
        #expect(r.rejection?.diagnostic.code == "incomplete-bioplex-xml")
        #expect(r.rejection?.diagnostic.message.contains("<Wells>") == true)
        #expect(r.rejection?.diagnostic.message.contains("Samples") == true)
        #expect(r.measurements.isEmpty)
    }

    @Test func notBioPlexXMLIsRejected() throws {
        let path = try temporaryFile("<?xml version=\"1.0\"?><Other><BioPlexManager/></Other>", name: "x.xml")
        #expect(read(BioPlexXMLReader(), path).rejection?.diagnostic.code == "not-bioplex")
        let broken = try temporaryFile("<?xml version=\"1.0\"?><bpm:BioPlexManager xmlns:bpm=\"u\"><Wells>", name: "y.xml")
        #expect(read(BioPlexXMLReader(), broken).rejection?.diagnostic.code == "invalid-xml")
    }
}
