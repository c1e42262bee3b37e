import Domain
import Foundation
import TestSupport
import Testing

@testable import Readers

/// Bio-Plex Manager legacy `.xls`: the corpus files, checked against cells seen in them (with
/// xlrd), and one synthetic plate written both as `.xls` and `.xlsx`
/// (Fixtures/bioplex/make_bioplex_plate_xls_xlsx.py), which must read identically.
@Suite struct BioPlexXlsReaderTests {
    @Test func xlsAndXlsxOfOnePlateGiveIdenticalMeasurements() throws {
        let xls = read(BioPlexXlsReader(), Fixtures.path("bioplex/bioplex_plate.xls"))
        let xlsx = read(BioPlexXlsxReader(), Fixtures.path("bioplex/bioplex_plate.xlsx"))
        #expect(xls.rejection == nil && xlsx.rejection == nil)
        // TNF-α: blank 5 values, S1-S4 8 each, C1 7, X1 6, X2 5, X3 5; IL-2: blank 5, S1 8, X1 6.
        #expect(xls.measurements.count == 79)
        #expect(xls.measurements.count == xlsx.measurements.count)
        for (x, y) in zip(xls.measurements, xlsx.measurements) {
            var (a, b) = (x, y)
            if a.value.isNaN, b.value.isNaN { (a.value, b.value) = (0, 0) } // NaN != NaN
            if a != b {
                Issue.record("xls \(a) differs from xlsx \(b)")
                break
            }
        }
        let placeless = { (ds: [Diagnostic]) in
            ds.map { d -> Diagnostic in
                var d = d
                d.location.file = ""
                return d
            }
        }
        #expect(placeless(xls.sink.diagnostics) == placeless(xlsx.sink.diagnostics))
        // Everything but the format id (the first line) and the file name in locations.
        let output = { (name: String) in
            ExpectedOutput.text(of: try ReaderFixtures.read("bioplex/\(name)")).replacingOccurrences(of: name, with: "F")
                .split(separator: "\n").dropFirst()
        }
        #expect(try output("bioplex_plate.xls") == output("bioplex_plate.xlsx"))
    }

    @Test func plateValuesAreTheCellsWritten() throws {
        let r = read(BioPlexXlsReader(), Fixtures.path("bioplex/bioplex_plate.xls"))
        // Values as make_bioplex_plate_xls_xlsx.py writes them.
        #expect(r.at(well: "A3,B3", analyte: "TNF-α (36)", CytokineStatistic.concentration)?.value == 4987.21)
        #expect(r.at(well: "A4,B4", analyte: "TNF-α (36)", CytokineStatistic.mfi)?.value == 3120.25)
        #expect(r.at(well: "A9", analyte: "TNF-α (36)", CytokineStatistic.mfi)?.value == 0.0001234)
        #expect(r.at(well: "A9", analyte: "TNF-α (36)", CytokineStatistic.netMFI)?.value == -17.9998766)
        let c1 = try #require(r.at(well: "A6", analyte: "TNF-α (36)", CytokineStatistic.mfi))
        #expect(r.extra(c1)["description"] == "Contrôle élevé" && c1.sample == "C1")
        #expect(r.values(sample: "PT-101 V1", analyte: "IL-2 (38)", CytokineStatistic.beadCount).first?.flags == "unknown,low-bead-count")
        #expect(r.runValue("plate_id") == "CYTO_PLATE_12" && r.runValue("run_date") == "2024-04-02")
        #expect(r.warnings.contains { $0.code == "sheet-skipped" && $0.location.sheet == "Notes" })
    }

    @Test func detectedByItsSignatureAndSheets() throws {
        #expect(try ReaderRegistry.detect(SourceFile(path: Fixtures.path("bioplex/bioplex_plate.xls"))).format.id == "bioplex-xls")
        // The same bytes under another name are still recognised: labs rename files.
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("bioplex/bioplex_plate.xls")))
        let renamed = try temporaryFile(data, name: "plate export.bin")
        #expect(try ReaderRegistry.detect(SourceFile(path: renamed)).format.id == "bioplex-xls")
    }

    @Test func aDamagedXlsIsRejectedWithItsReason() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("bioplex/bioplex_plate.xls"))))
        bytes.removeSubrange(4096...)
        let path = try temporaryFile(Data(bytes), name: "cut.xls")
        let r = read(BioPlexXlsReader(), path)
        #expect(r.rejection?.diagnostic.code == "invalid-xls")
        // The FAT names sectors beyond the cut: said, with the offset of the entry.
        #expect(r.rejection?.diagnostic.message.contains("outside the file") == true, "\(String(describing: r.rejection))")
    }

    @Test(.sharedCorpus)
    func corpusCellsSeenInTheFiles() throws {
        // labkey__02-14A22-IgA-Biotin.xls, sheet 'ENV1 (31)', rows 13-18 (read with xlrd).
        let a = read(BioPlexXlsReader(), SharedCorpus.path("bioplex/labkey__02-14A22-IgA-Biotin.xls"))
        #expect(a.rejection == nil)
        #expect(a.at(well: "G12", analyte: "ENV1 (31)", CytokineStatistic.beadCount)?.value == 241)
        let s1 = try #require(a.at(well: "G1", analyte: "ENV1 (31)", CytokineStatistic.concentration))
        #expect(s1.qualifier == .aboveULOQ && s1.rawValue == "OOR >")
        #expect(a.at(well: "H2", analyte: "ENV1 (31)", CytokineStatistic.concentration)?.value == 32.49821)
        #expect(a.at(well: "G2", analyte: "ENV1 (31)", CytokineStatistic.expectedConcentration)?.value == 83.33333)
        #expect(a.at(well: "G1", analyte: "ENV1 (31)", CytokineStatistic.mfi)?.value == 31618)
        #expect(a.runValue("run_date") == "2011-06-21" && a.runValue("plate_id") == "02-14A22")
        #expect(Set(a.measurements.map(\.analyte)) == ["ENV1 (31)", "ENV2 (41)", "ENV3 (59)", "ENV4 (26)", "ENV5 (58)", "Blank (53)"])

        // labkey__plate_1_IgA-Biot__Standard2_.xls, sheet 'ENV7 (93)', row 14: S1 C1, *1.82765.
        let b = read(BioPlexXlsReader(), SharedCorpus.path("bioplex/labkey__plate_1_IgA-Biot__Standard2_.xls"))
        let star = try #require(b.at(well: "C1", analyte: "ENV7 (93)", CytokineStatistic.concentration))
        #expect(star.qualifier == .extrapolated && star.value == 1.82765 && star.rawValue == "*1.82765")
        #expect(b.at(well: "C1", analyte: "ENV7 (93)", CytokineStatistic.netMFI)?.value == 75.75)

        // labkey__Guide_Set_plate_2.xls, sheet 'GS Analyte A (1)', row 12: B A11,B11 14.5, %CV 4.88.
        let c = read(BioPlexXlsReader(), SharedCorpus.path("bioplex/labkey__Guide_Set_plate_2.xls"))
        #expect(c.at(well: "A11,B11", analyte: "GS Analyte A (1)", CytokineStatistic.mfi)?.value == 14.5)
        #expect(c.at(well: "A11,B11", analyte: "GS Analyte A (1)", CytokineStatistic.cv)?.value == 4.88)

        // labkey__WithBlankBead.xls, sheet 'MyAnalyte (2)', row 12: B C12, FI 6.5.
        let d = read(BioPlexXlsReader(), SharedCorpus.path("bioplex/labkey__WithBlankBead.xls"))
        #expect(d.at(well: "C12", analyte: "MyAnalyte (2)", CytokineStatistic.mfi)?.value == 6.5)
    }
}

/// Bio-Plex sheets with several analytes side by side (issue 11 item 8): analyte names above
/// repeated `FI | FI` and `Bead Count | Bead Count` columns.
@Suite struct BioPlexBlockLayoutTests {
    @Test(arguments: ["bioplex/bioplex_block.xls", "bioplex/bioplex_block.xlsx"])
    func everyAnalyteOfTheBlockIsRead(_ fixture: String) throws {
        let r =
            fixture.hasSuffix(".xls")
            ? read(BioPlexXlsReader(), Fixtures.path(fixture))
            : read(BioPlexXlsxReader(), Fixtures.path(fixture))
        #expect(r.rejection == nil)
        // 4 rows × 2 analytes × (FI, Bead Count): nothing named after the sheet, nothing lost.
        #expect(r.measurements.count == 16)
        #expect(Set(r.measurements.map(\.analyte)) == ["IL-6 (25)", "IL-10 (27)"])
        #expect(r.values(sample: "PT-201 V1", analyte: "IL-10 (27)", CytokineStatistic.mfi).first?.value == 88)
        let count = try #require(r.values(sample: "PT-201 V1", analyte: "IL-10 (27)", CytokineStatistic.beadCount).first)
        #expect(count.value == 12 && count.flags.contains("low-bead-count"))
        // IL-6 of the same well has 44 beads: flagged on its own count, not on IL-10's.
        #expect(r.values(sample: "PT-201 V1", analyte: "IL-6 (25)", CytokineStatistic.mfi).first?.value == 1204.5)
        #expect(r.values(sample: "S1", analyte: "IL-10 (27)", CytokineStatistic.mfi).first?.flags == "standard")
        let x1 = try #require(r.values(sample: "PT-201 V1", analyte: "IL-6 (25)", CytokineStatistic.mfi).first)
        #expect(r.extra(x1)["std_dev_il_6_25"] == "98.99" && r.extra(x1)["std_dev_il_10_27"] == "2.83")
    }

    @Test func repeatedColumnsWithNoAnalyteAboveAreWarnedNotDropped() throws {
        let rows = [
            SheetRow(
                number: 1,
                cells: [
                    SheetCell(column: 1, text: "Type", kind: .string), SheetCell(column: 2, text: "Well", kind: .string),
                    SheetCell(column: 3, text: "FI", kind: .string), SheetCell(column: 4, text: "FI", kind: .string),
                ]),
            SheetRow(
                number: 2,
                cells: [
                    SheetCell(column: 1, text: "X1", kind: .string), SheetCell(column: 2, text: "A1", kind: .string),
                    SheetCell(column: 3, text: "10", kind: .number), SheetCell(column: 4, text: "20", kind: .number),
                ]),
        ]
        let sink = CollectingSink()
        try BioPlexWorkbook.read(GridWorkbook(sheets: [("Sheet1", rows)]), into: sink)
        let warnings = sink.warnings.filter { $0.code == "unattributed-column" }
        #expect(warnings.count == 2)
        #expect(warnings.first?.location.description == "grid.xlsx: Sheet1!C1")
        #expect(sink.measurements.isEmpty)
    }
}

/// A workbook held in memory, for layouts no fixture needs to carry.
struct GridWorkbook: SheetWorkbook {
    var file = SourceFile(path: "/nowhere/grid.xlsx")
    var sheets: [(String, [SheetRow])]
    var sheetNames: [String] { sheets.map(\.0) }
    func rows(ofSheetAt index: Int) throws -> [SheetRow] { sheets[index].1 }
}

func temporaryFile(_ data: Data, name: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("immunopipe-readers-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try data.write(to: url)
    return url.path
}

/// The whole `.xls` path (compound file, BIFF, grid, Bio-Plex interpretation) on seeded byte
/// mutations of the fixtures: a result or a rejection, never a crash. LegacyExcelFuzzTests
/// mutates harder; this makes sure what LegacyExcel lets through cannot trip the reader.
@Suite struct BioPlexXlsMutationTests {
    @Test func mutatedFixturesAreReadOrRejected() throws {
        let seeds = try ["bioplex/bioplex_plate.xls", "bioplex/bioplex_block.xls"].map {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path($0))))
        }
        var state: UInt64 = 0x0B10_91E5
        func next() -> Int { // SplitMix64, so every run mutates the same way
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bioplex-xls-mutations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Date()
        var runs = 0
        while Date().timeIntervalSince(start) < 2 {
            var bytes = seeds[runs % seeds.count]
            for _ in 0..<(1 + next() % 6) { bytes[next() % bytes.count] = UInt8(truncatingIfNeeded: next()) }
            let path = dir.appendingPathComponent("m\(runs % 8).xls").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let r = read(BioPlexXlsReader(), path)
            #expect(r.rejection != nil || !r.measurements.isEmpty || !r.sink.diagnostics.isEmpty)
            runs += 1
        }
        #expect(runs > 10)
    }
}
