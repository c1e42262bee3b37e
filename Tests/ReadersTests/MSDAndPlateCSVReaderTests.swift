import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

@Suite struct MSDReaderTests {
    var result: ReadResult { read(MSDReader(), Fixtures.path("msd/msd_proinflammatory_2spot.csv")) }

    @Test func signalConcentrationAndDetectionRange() throws {
        let r = result
        let s = try #require(r.at(well: "A1", analyte: "IL-6", CytokineStatistic.signal))
        #expect(s.value == 152340 && s.sample == "S001" && s.flags == "standard" && r.extra(s)["spot"] == "1")
        let above = try #require(r.at(well: "B2", analyte: "IL-6", CytokineStatistic.concentration))
        #expect(above.qualifier == .aboveULOQ && above.value == 1000 && above.rawValue == ">1000")
        let below = try #require(r.at(well: "B1", analyte: "TNF-alpha", CytokineStatistic.concentration))
        #expect(below.qualifier == .belowLLOQ && below.value == 0.42)
        #expect(r.at(well: "B1", analyte: "IL-6", CytokineStatistic.expectedConcentration) == nil) // unknown
        #expect(r.at(well: "A6", analyte: "IL-6", CytokineStatistic.expectedConcentration)?.flags == "control")
    }

    @Test func rowErrorsAndTheStandardSeriesAsWritten() throws {
        let r = result
        // TNF-alpha S003 is written `3125` (31.25 with its decimal separator lost): emitted as
        // written at its cell; the curve layer judges the series.
        #expect(!r.sink.diagnostics.contains { $0.code.hasPrefix("standard-series") })
        let damaged = try #require(r.at(well: "A3", analyte: "TNF-alpha", CytokineStatistic.expectedConcentration))
        #expect(damaged.value == 3125 && damaged.sourceLine == 8 && damaged.sourceColumn == 6)
        let token = try #require(r.errors.first { $0.code == "non-numeric-value" })
        #expect(token.location.line == 18 && token.location.column == 7)
        let sample = try #require(r.errors.first { $0.code == "missing-sample" })
        #expect(sample.location.line == 19 && sample.location.column == 1)
    }

    @Test func missingColumnsRejectTheFile() throws {
        let path = try temporaryFile("Sample,Assay,Well,Spot\nS001,IL-6,A01,1\n")
        #expect(read(MSDReader(), path).rejection?.diagnostic.code == "missing-column")
    }
}

@Suite struct PlateCSVReaderTests {
    var result: ReadResult { read(PlateCSVReader(), Fixtures.path("platecsv/legendplex_th_panel.csv")) }

    @Test func valuesQualifiersAndFlags() throws {
        let r = result
        let lloq = try #require(r.at(well: "A4", analyte: "IL-6", CytokineStatistic.concentration))
        #expect(lloq.value == 610 && lloq.qualifier == .belowLLOQ && lloq.rawValue == "< 610" && lloq.unit == "pg/mL")
        let b1 = r.measurements.filter { r.extra($0)["well"] == "B1" }
        #expect(
            b1.map(\.statistic) == [
                CytokineStatistic.mfi, CytokineStatistic.beadCount, CytokineStatistic.concentration, CytokineStatistic.dilution,
            ])
        #expect(b1.allSatisfy { $0.flags == "unknown,low-bead-count" && $0.sample == "PT-001 V1" })
        #expect(r.at(well: "B3", analyte: "IL-6", CytokineStatistic.mfi)?.flags == "unknown") // Type "sample"
        let c1 = try #require(r.at(well: "A5", analyte: "IL-6", CytokineStatistic.expectedConcentration))
        #expect(c1.value == 1250 && r.extra(c1)["Operator Note"] == "kit control lot 22B")
        #expect(r.at(well: "A1", analyte: "IL-6", CytokineStatistic.concentration) == nil) // empty cell
    }

    @Test func rowErrorsCarryLineAndColumn() throws {
        let r = result
        let codes = r.errors.map { "\($0.code)@\($0.location.line):\($0.location.column)" }
        #expect(codes == ["non-numeric-value@8:6", "unknown-well-type@10:4", "invalid-count@11:7", "invalid-well@12:2"])
    }

    @Test func recognitionLeavesTidyCSVAlone() throws {
        let plate = try SourcePreview.load(SourceFile(path: Fixtures.path("platecsv/legendplex_th_panel.csv")))
        #expect(PlateCSVReader().recognizes(plate) && !TidyCSVReader().recognizes(plate))
        let tidy = try temporaryFile("subject,visit,assay,analyte,statistic,value\nP1,V1,cytokine,IL6,concentration,3\n")
        let preview = try SourcePreview.load(SourceFile(path: tidy))
        #expect(!PlateCSVReader().recognizes(preview) && TidyCSVReader().recognizes(preview))
        #expect(try ReaderRegistry.detect(SourceFile(path: tidy)).format.id == "tidy-csv")
    }

    @Test func headerWithoutValueColumnIsRejected() throws {
        let path = try temporaryFile("Well,Sample,Analyte,Type,Unit\nA1,S1,IL-6,standard,pg/mL\n")
        let r = read(PlateCSVReader(), path)
        #expect(r.rejection?.diagnostic.code == "missing-column")
    }

    @Test func theFormatIsDocumented() throws {
        let doc = PackagePaths.root.appendingPathComponent("docs/plate-csv.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        for column in PlateCSVReader.Column.names.keys where !column.hasPrefix("%") {
            #expect(text.lowercased().contains("`\(column)`"), "docs/plate-csv.md does not describe column \(column)")
        }
    }
}
