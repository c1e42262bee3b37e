import Domain
import Foundation
import Testing

@testable import Readers

@Suite struct XPonentReaderTests {
    let reader = XPonentCSVReader()

    var analysisFixture: ReadResult { read(reader, Fixtures.path("xponent/xponent_3plex_analysis.csv")) }

    @Test func resultTokensKeepQualifierAndRawText() throws {
        let r = analysisFixture
        #expect(r.rejection == nil)
        let above = try #require(r.at(well: "B1", analyte: "IL-6 (25)", CytokineStatistic.concentration))
        #expect(above.qualifier == .aboveULOQ && above.value == 10000 && above.rawValue == "> 10000")
        #expect(above.unit == "pg/mL" && above.sample == "Standard1" && above.flags == "standard")
        let below = try #require(r.at(well: "E1", analyte: "IL-6 (25)", CytokineStatistic.concentration))
        #expect(below.qualifier == .belowLLOQ && below.value == 160.2 && below.rawValue == "< 160.2")
        let notAvailable = try #require(r.at(well: "H1", analyte: "TNF-a (45)", CytokineStatistic.concentration))
        #expect(notAvailable.qualifier == .notAvailable && notAvailable.value.isNaN && notAvailable.rawValue == "***")
        // `*3.1` is extrapolated by its own token; the Comments section says so too.
        let star = try #require(r.at(well: "H1", analyte: "IL-6 (25)", CytokineStatistic.concentration))
        #expect(star.qualifier == .extrapolated && star.value == 3.1 && r.extra(star)["comment"] == "Extrapolated")
    }

    @Test func badResultTokenIsAnErrorAtItsCell() throws {
        let r = analysisFixture
        let error = try #require(r.errors.first { $0.code == "non-numeric-value" })
        #expect(error.location.line == 76 && error.location.column == 5)
        #expect(error.message.contains("'12.x'"))
        #expect(r.at(well: "G1", analyte: "TNF-a (45)", CytokineStatistic.concentration) == nil)
        // The rest of the well is still read.
        #expect(r.at(well: "G1", analyte: "TNF-a (45)", CytokineStatistic.mfi)?.value == 640)
    }

    @Test func damagedStandardSeriesValueIsEmittedAsWritten() throws {
        // TNF-a Standard4 is written `15625` (156.25 with its decimal separator lost). Judging
        // the series is the curve layer's job: the reader reports the value as written, at its cell.
        let r = analysisFixture
        #expect(!r.sink.diagnostics.contains { $0.code.hasPrefix("standard-series") })
        let damaged = try #require(r.at(well: "E1", analyte: "TNF-a (45)", CytokineStatistic.expectedConcentration))
        #expect(damaged.value == 15625 && damaged.qualifier == .inRange)
        #expect(damaged.sourceLine == 112 && damaged.sourceColumn == 4 && damaged.sample == "Standard4")
        #expect(r.at(well: "E1", analyte: "IL-6 (25)", CytokineStatistic.expectedConcentration)?.value == 156.25)
        #expect(r.at(well: "F1", analyte: "IL-10 (27)", CytokineStatistic.expectedConcentration)?.value == 625)
    }

    @Test func wellRolesAndLowBeadCountFlags() throws {
        let r = analysisFixture
        #expect(r.at(well: "A1", analyte: "IL-6 (25)", CytokineStatistic.mfi)?.flags == "blank")
        #expect(r.at(well: "F1", analyte: "IL-6 (25)", CytokineStatistic.mfi)?.flags == "control")
        #expect(r.at(well: "G1", analyte: "IL-6 (25)", CytokineStatistic.mfi)?.flags == "unknown")
        // Standard3 IL-10 counted 12 beads against the Per Bead Count of 50: every value of that
        // well and analyte is flagged, the other analytes of the well are not.
        let low = r.measurements.filter { r.extra($0)["well"] == "D1" && $0.analyte == "IL-10 (27)" }
        #expect(low.count == 6 && low.allSatisfy { $0.flags == "standard,low-bead-count" })
        #expect(r.at(well: "D1", analyte: "IL-6 (25)", CytokineStatistic.mfi)?.flags == "standard")
        #expect(!r.warnings.contains { $0.code == "default-bead-threshold" })
    }

    @Test func extraCarriesWellPlateDilutionAndInstrumentWarnings() throws {
        let r = analysisFixture
        let m = try #require(r.at(well: "D1", analyte: "IL-6 (25)", CytokineStatistic.mfi))
        let e = r.extra(m)
        #expect(e["location"] == "4(1,D1)" && e["plate"] == "1" && e["acquisition_order"] == "4")
        #expect(e["batch"] == "CYTO_PLATE_07" && e["bead_id"] == "25")
        #expect(e["instrument_warning"]?.contains("did not reach the specified count") == true)
        let dilution = try #require(r.at(well: "H1", analyte: "IL-6 (25)", CytokineStatistic.dilution))
        #expect(dilution.value == 4 && r.extra(dilution)["dilution"] == "4")
        #expect(m.parameter.isEmpty && m.assay == .cytokine && m.sourceName == m.analyte)
    }

    @Test func runMetadataAndInstrumentCurves() throws {
        let r = analysisFixture
        #expect(r.runValue("program") == "xPONENT" && r.runValue("build") == "3.1.871.0")
        #expect(r.runValue("serial_number") == "LX10012345678" && r.runValue("batch") == "CYTO_PLATE_07")
        #expect(r.runValue("run_date") == "2024-03-14")
        #expect(r.runValue("date_order")?.hasPrefix("day-first") == true)
        #expect(r.runValue("protocol_name") == "Human Cytokine 3-plex")
        #expect(r.runValue("analysis_types") == "Logistic 5P; Logistic 4P")
        let curves = try #require(r.table("instrument_curves"))
        #expect(curves.rowCount == 3)
        guard case .text(let models) = curves.columns[1].column, case .number(let f) = curves.columns[6].column,
            case .number(let r2) = curves.columns[7].column
        else {
            Issue.record("column kinds")
            return
        }
        #expect(models == ["Logistic 5P", "Logistic 5P", "Logistic 4P"])
        #expect(f == [0.91, 1.03, 1] && r2[0] == 0.9991)
        let notRead = try #require(r.warnings.first { $0.code == "sections-not-read" })
        #expect(notRead.message.contains("Avg Result") && notRead.message.contains("Audit Logs"))
    }

    @Test func excelResaveInWindows1252ReadsTheMicroSign() throws {
        let r = read(reader, Fixtures.path("xponent/xponent_magpix_excel_resave.csv"))
        #expect(r.rejection == nil && r.errors.isEmpty)
        #expect(r.warnings.contains { $0.code == "legacy-encoding" })
        let m = try #require(r.at(well: "A3", analyte: "RBD_wuhan", CytokineStatistic.concentration))
        #expect(m.unit == "µg/mL" && m.qualifier == .belowLLOQ && m.value == 0.05)
        #expect(r.runValue("run_date") == "2023-03-07") // 03/07/2023 with Country Code 409
        // Min Events 50 applies (no Per Bead Count section): 49 and 23 beads are low.
        #expect(r.at(well: "A2", analyte: "RBD_wuhan", CytokineStatistic.beadCount)?.flags == "standard,low-bead-count")
        #expect(r.at(well: "A4", analyte: "Spike_wuhan", CytokineStatistic.mfi)?.flags == "unknown,low-bead-count")
        #expect(r.at(well: "A1", analyte: "Spike_wuhan", CytokineStatistic.mfi)?.flags == "blank")
    }

    /// A cp1252 byte after the first chunk: the whole (small) file decides the encoding, so the
    /// file is read as Windows-1252 instead of being rejected at the late line.
    @Test func lateInvalidUTF8ByteBeyondTheFirstChunkFallsBackToWindows1252() throws {
        let d = try DelimitedReader(path: Fixtures.path("xponent/xponent_magpix_excel_resave.csv"), chunkSize: 64)
        #expect(d.encoding == .windows1252)
        var units: [String] = []
        try d.forEachRecord { rec in
            if rec.trimmed(0) == "Units:" { units = [rec.trimmed(1), rec.trimmed(2)] }
            return true
        }
        #expect(units == ["µg/mL", "µg/mL"])
    }

    @Test func recognisesOnlyXPonentExports() throws {
        let preview = try SourcePreview.load(SourceFile(path: Fixtures.path("xponent/xponent_3plex_analysis.csv")))
        #expect(reader.recognizes(preview))
        let msd = try SourcePreview.load(SourceFile(path: Fixtures.path("msd/msd_proinflammatory_2spot.csv")))
        #expect(!reader.recognizes(msd))
    }

    @Test func headerOnlyExportIsRejected() throws {
        let path = try temporaryFile("\"Program\",\"xPONENT\",\"\",\"MAGPIX\"\r\n\"Build\",\"4.2\"\r\n\"Results\"\r\n")
        let r = read(reader, path)
        #expect(r.rejection?.diagnostic.code == "no-data-sections")
    }

    @Test func fileNotStartingWithProgramIsRejectedAtLineOne() throws {
        let path = try temporaryFile("Sample,Value\nA,1\n\"DataType:\",\"Median\"\n")
        let r = read(reader, path)
        #expect(r.rejection?.diagnostic.code == "not-xponent")
        #expect(r.rejection?.diagnostic.location.line == 1)
    }

    @Test func badLocationIsARowError() throws {
        let path = try temporaryFile(
            """
            "Program","xPONENT","","LX100/LX200"
            "Results"

            "DataType:","Median"
            "Location","Sample","IL-6","Total Events"
            "1(1,A1)","Unknown1","10","100"
            "well two","Unknown2","20","100"

            """)
        let r = read(reader, path)
        let e = try #require(r.errors.first)
        #expect(e.code == "invalid-location" && e.location.line == 7 && e.location.column == 1)
        #expect(r.measurements.count == 1)
    }
}

func temporaryFile(_ text: String, name: String = "fixture.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("immunopipe-readers-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}
