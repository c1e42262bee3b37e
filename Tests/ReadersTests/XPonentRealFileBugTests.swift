import Domain
import Foundation
import Testing

@testable import Readers

/// What real xPONENT files showed (issue 11 items 5, 6 and 12): a repeated Dilution Factor
/// header, dilutions listed for wells never acquired, unquoted `1(1,A1)` locations, and refusals
/// that must say in the lab's words what is wrong. Each case is a small export written here.
@Suite struct XPonentRealFileBugTests {
    let reader = XPonentCSVReader()

    static let head = """
        "Program","xPONENT","","MAGPIX"
        "Build","4.2.1705.0"
        "Date","05/17/2023","10:02 AM"
        "SN","MAGPX1234"
        "Batch","SERO_P3"
        "Samples","4","Min Events","50","Per Bead"
        "Results"

        """

    static func dataSections(dilutionRows: [String] = [#""1(1,A1)","Unknown1","100""#, #""2(1,B1)","Unknown2","100""#]) -> String {
        """
        "DataType:","Median"
        "Location","Sample","IgG (12)","IgA (15)","Total Events"
        "1(1,A1)","Unknown1","120","80","300"
        "2(1,B1)","Unknown2","130","85","310"

        "DataType:","Count"
        "Location","Sample","IgG (12)","IgA (15)","Total Events"
        "1(1,A1)","Unknown1","60","55","300"
        "2(1,B1)","Unknown2","61","58","310"

        "DataType:","Dilution Factor"
        "Location","Sample","Dilution Factor"
        \(dilutionRows.joined(separator: "\n"))

        """
    }

    static func write(_ text: String, name: String = "plate.csv") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func baselinePlateReadsCleanly() throws {
        let r = read(reader, try Self.write(Self.head + Self.dataSections()))
        #expect(r.rejection == nil && r.errors.isEmpty)
        #expect(r.at(well: "B1", analyte: "IgA (15)", CytokineStatistic.dilution)?.value == 100)
    }

    // Item 5.
    @Test func repeatedDilutionHeaderIsSkipped() throws {
        let rows = [#""Location","Sample","1""#, #""1(1,A1)","Unknown1","100""#, #""2(1,B1)","Unknown2","50""#]
        let r = read(reader, try Self.write(Self.head + Self.dataSections(dilutionRows: rows)))
        #expect(r.rejection == nil)
        #expect(r.errors.isEmpty, "\(r.errors)") // was: invalid-location at the repeated header
        #expect(r.at(well: "A1", analyte: "IgG (12)", CytokineStatistic.dilution)?.value == 100)
        let b1 = try #require(r.at(well: "B1", analyte: "IgG (12)", CytokineStatistic.dilution))
        #expect(b1.value == 50 && b1.sourceLine == 22 && b1.sourceColumn == 3)
    }

    // Item 6.
    @Test func dilutionsOfWellsNeverAcquiredAreNotPhantomSamples() throws {
        let rows = [
            #""1(1,A1)","Unknown1","100""#, #""2(1,B1)","Unknown2","100""#,
            #""3(1,C1)","Unknown3","100""#, #""4(1,D1)","Unknown4","100""#,
        ]
        let r = read(reader, try Self.write(Self.head + Self.dataSections(dilutionRows: rows)))
        #expect(r.rejection == nil && r.errors.isEmpty)
        #expect(Set(r.measurements.map(\.sample)) == ["Unknown1", "Unknown2"])
        #expect(r.measurements.count == 2 * 2 * 3) // 2 wells × 2 analytes × (mfi, count, dilution)
        let w = try #require(r.warnings.first { $0.code == "dilution-without-measurement" })
        #expect(w.location.line == 22 && w.location.column == 1)
        #expect(
            w.message
                == "the Dilution Factor section lists 2 wells that no data section measured (never acquired): Unknown3 at 3(1,C1), Unknown4 at 4(1,D1); their dilutions are not read"
        )
    }

    @Test func dilutionSectionBeforeTheDataSectionsStillApplies() throws {
        let text =
            Self.head + """
                "DataType:","Dilution Factor"
                "Location","Sample","Dilution Factor"
                "1(1,A1)","Unknown1","4"

                "DataType:","Median"
                "Location","Sample","IgG (12)","Total Events"
                "1(1,A1)","Unknown1","120","300"

                """
        let r = read(reader, try Self.write(text))
        #expect(r.warnings.allSatisfy { $0.code != "dilution-without-measurement" })
        #expect(r.at(well: "A1", analyte: "IgG (12)", CytokineStatistic.dilution)?.value == 4)
    }

    // Item 12: unquoted locations split by the comma are understood.
    @Test func unquotedLocationsAreRejoined() throws {
        let text =
            Self.head + """
                DataType:,Median
                Location,Sample,IgG (12),IgA (15),Total Events
                1(1,A1),Unknown1,120,80,300
                2(1,B1),Unknown2,130,85,310

                DataType:,Dilution Factor
                Location,Sample,Dilution Factor
                1(1,A1),Unknown1,100
                2(1,B1),Unknown2,100

                """
        let r = read(reader, try Self.write(text))
        #expect(r.rejection == nil && r.errors.isEmpty, "\(r.errors)")
        let m = try #require(r.at(well: "B1", analyte: "IgA (15)", CytokineStatistic.mfi))
        // `2(1`,`B1)`,`Unknown2`,`130`,`85`: the 85 is the file's 5th field.
        #expect(m.value == 85 && m.sample == "Unknown2" && m.sourceLine == 11 && m.sourceColumn == 5)
        #expect(r.extra(m)["location"] == "2(1,B1)" && r.extra(m)["total_events"] == "310")
        let d = try #require(r.at(well: "A1", analyte: "IgG (12)", CytokineStatistic.dilution))
        #expect(d.value == 100 && d.sourceColumn == 4)
        let w = try #require(r.warnings.first { $0.code == "unquoted-location" })
        #expect(w.location.line == 10 && w.location.column == 1)
        #expect(
            w.message
                == "4 locations are written without quotes (like 1(1,A1)), so the comma inside split each into two fields; read as one location each"
        )
    }

    // Item 12: refusals say what is wrong.
    @Test func unreadableLocationsAreNamedInTheRefusal() throws {
        let text =
            Self.head + """
                "DataType:","Median"
                "Location","Sample","IgG (12)","Total Events"
                "A1","Unknown1","120","300"
                "B1","Unknown2","130","310"

                """
        let r = read(reader, try Self.write(text))
        let d = try #require(r.rejection?.diagnostic)
        #expect(d.code == "no-well-data" && d.location.line == 8 && d.location.column == 1)
        #expect(
            d.message
                == "this looks like a Luminex xPONENT export, but none of its 2 data rows has a readable Location: the first, 'A1' on line 10, is not like 1(1,A1) (was the file re-saved so that the Location column was split or reformatted?)"
        )
        #expect(r.errors.count == 2 && r.errors.allSatisfy { $0.code == "invalid-location" && $0.location.column == 1 })
    }

    @Test func unnamedSectionsAreDescribedNotListedAsCommas() throws {
        let text =
            Self.head + """
                "DataType:",""
                "Location","Sample","IgG (12)"
                "1(1,A1)","Unknown1","120"

                "DataType:",""
                "Location","Sample","IgG (12)"

                """
        let r = read(reader, try Self.write(text))
        let d = try #require(r.rejection?.diagnostic)
        #expect(d.code == "no-well-data" && d.location.line == 8)
        #expect(
            d.message
                == "this looks like a Luminex xPONENT export, but it has no per-well data section (Median, Net MFI, Count, Result…); it has an unnamed section (line 8, 1 row), an unnamed section (line 12, 0 rows)"
        )
    }

    @Test func headerBlockOnlyIsRefusedAtLineOne() throws {
        let r = read(reader, try Self.write(Self.head))
        let d = try #require(r.rejection?.diagnostic)
        #expect(d.code == "no-data-sections" && d.location.line == 1 && d.location.column == 1)
        #expect(
            d.message
                == "this looks like a Luminex xPONENT export (it starts with a 'Program' line) but it has no 'DataType:' section: only the header block was exported, or the file was cut short"
        )
    }

    // Item 12: detection names the instrument a refused file resembles.
    @Test func detectionNamesTheLookalikeInstrument() throws {
        func refusal(_ text: String, name: String = "f.csv") throws -> Diagnostic {
            let path = try Self.write(text, name: name)
            do {
                let r = try ReaderRegistry.detect(SourceFile(path: path))
                Issue.record("detected as \(r.format.id)")
                return Diagnostic.error(SourceLocation(file: ""), code: "", "")
            } catch let e as FileRejected { return e.diagnostic }
        }
        // xPONENT sections without the header block (the lines above 'DataType:' were cut).
        let cut = try refusal("\"Batch\",\"SERO_P3\"\n\n" + Self.dataSections())
        #expect(cut.code == "format-lookalike" && cut.location.line == 1 && cut.location.column == 1)
        #expect(
            cut.message
                == "this looks like a Luminex xPONENT export ('DataType:' sections, the first on line 3) but its first line is 'Batch,SERO_P3', not 'Program,xPONENT,…': the header block is missing, so the file was cut or copied from part of an export"
        )
        // Only the header block.
        let headerOnly = try refusal(Self.head)
        #expect(headerOnly.code == "format-lookalike")
        #expect(
            headerOnly.message
                == "this starts like a Luminex xPONENT export (a 'Program' line) but has no 'DataType:' section in its first 64 KiB: only the header block was exported, or the file was cut short"
        )
        // INTELLIFLEX region columns without a WELL LOCATION.
        let iflex = try refusal("SAMPLE ID,R25: RP1 MEDIAN,R25: RP1 COUNT\nP1,120,80\n")
        #expect(iflex.code == "format-lookalike")
        #expect(
            iflex.message
                == "this looks like a Luminex INTELLIFLEX per-well export (region columns such as 'R25: RP1 MEDIAN') but it has no 'WELL LOCATION' column, so values cannot be tied to wells"
        )
        let iflexNoValues = try refusal("WELL LOCATION,WELL TYPE,SAMPLE ID,R25: RP1 ANALYTE NAME\nA1,U1,P1,IL-6\n")
        #expect(
            iflexNoValues.message
                == "this looks like a Luminex INTELLIFLEX per-well export (a 'WELL LOCATION' column) but none of its region columns (R25: RP1 ANALYTE NAME) holds a value such as MEDIAN, NET MEDIAN or COUNT"
        )
        // Excel 97-2003 bytes (asked of the explanation directly: a .xls reader may claim them).
        let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x00]
        let xls = FormatLookalike.explain(
            SourcePreview(file: SourceFile(path: "/x/f.xls"), head: ole2, complete: true),
            known: ""
        ).diagnostic
        #expect(xls.code == "format-lookalike" && xls.location.line == 1)
        #expect(
            xls.message
                == "this is a legacy Excel 97-2003 workbook (.xls, an OLE2 compound file) that no reader here recognises; if it is an instrument export, save it as .xlsx or CSV from Excel"
        )
        // Empty and unrelated files: never a bare "unknown format", never line 0.
        let empty = try refusal("")
        #expect(empty.code == "empty-file" && empty.message == "the file is empty (0 bytes)" && empty.location.line == 1)
        let other = try refusal("hello world\n")
        #expect(other.code == "unknown-format" && other.location.line == 1)
        #expect(other.message.hasPrefix("no reader recognises this file, whose first line is 'hello world' (known formats: "))
    }
}
