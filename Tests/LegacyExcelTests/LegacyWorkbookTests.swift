import Foundation
import TestSupport
import Testing

@testable import LegacyExcel

/// Cells of real and synthetic `.xls` files, checked against what the files hold (read with
/// xlrd, and as make_bioplex_plate_xls_xlsx.py wrote them).
@Suite struct LegacyWorkbookTests {
    @Test(.sharedCorpus)
    func corpusCellsAsXlrdReadsThem() throws {
        let a = try LegacyWorkbook(contentsOfFile: Files.corpus.appendingPathComponent("labkey__02-14A22-IgA-Biotin.xls").path)
        #expect(a.biffVersion == 8 && a.codePage == 1200 && !a.uses1904Dates)
        #expect(a.sheets.map(\.name) == ["ENV1 (31)", "ENV2 (41)", "ENV3 (59)", "ENV4 (26)", "ENV5 (58)", "Blank (53)"])
        #expect(a.cell("ENV1 (31)", 1, 1) == .text("File Name: 02-14A22-IgA-Biotin.srbx"))
        #expect(a.cell("ENV1 (31)", 15, 5) == .number(31618))
        #expect(a.cell("ENV1 (31)", 15, 9) == .text("OOR >"))
        #expect(a.cell("ENV1 (31)", 18, 9) == .number(32.49821))
        #expect(a.cell("ENV1 (31)", 17, 10) == .number(83.33333))
        #expect(a.cell("ENV1 (31)", 13, 15) == .number(241))
        #expect(
            a.cell("ENV1 (31)", 118, 1)
                == .text("Std. Curve: FI = -0.507487 + (31439.4 + 0.507487) / ((1 + (Conc / 12.2036)^-4.07879))^0.29275"))
        #expect(a.cell("ENV1 (31)", 13, 7) == nil) // an empty cell is absent
        let b = try LegacyWorkbook(contentsOfFile: Files.corpus.appendingPathComponent("labkey__plate_1_IgA-Biot__Standard2_.xls").path)
        #expect(b.cell("ENV7 (93)", 14, 9) == .text("*1.82765"))
        #expect(b.cell("ENV7 (93)", 14, 11) == .number(182.76485))
        #expect(b.cell("ENV6 (97)", 4, 1) == .text("Reader Serial Number:ABC123456789"))
    }

    @Test func sharedStringsContinuedAcrossRecordsWithTwoByteCharacters() throws {
        let wb = try LegacyWorkbook(contentsOfFile: Files.fixture("bioplex_plate.xls"))
        #expect(wb.sheets.map(\.name) == ["TNF-α (36)", "IL-2 (38)", "Notes"])
        // 200 strings of ~100 bytes each: the later ones lie in CONTINUE records.
        for i in [0, 77, 150, 199] {
            let x = String(repeating: "x", count: 40 + i % 17)
            #expect(wb.cell("Notes", i + 1, 1) == .text("Note \(String(format: "%03d", i)): réactif lot Ω-\(i) — \(x)"))
        }
        #expect(wb.cell("Notes", 1, 2) == .boolean(true))
        // Five header lines, a blank row, the table header on row 7, data from row 8.
        #expect(wb.cell("TNF-α (36)", 7, 5) == .text("FI"))
        #expect(wb.cell("TNF-α (36)", 10, 5) == .number(10230)) // RK integer
        #expect(wb.cell("TNF-α (36)", 11, 5) == .number(3120.25)) // NUMBER
        #expect(wb.cell("TNF-α (36)", 13, 4) == .text("Contrôle élevé"))
        #expect(wb.cell("TNF-α (36)", 16, 6) == .number(-17.9998766))
    }

    @Test func rkNumbers() {
        #expect(BIFFWorkbookParser.rk(100 << 2 | 0x2) == 100)
        #expect(BIFFWorkbookParser.rk(UInt32(bitPattern: -7 << 2) | 0x2) == -7)
        #expect(BIFFWorkbookParser.rk(12345 << 2 | 0x3) == 123.45)
        #expect(BIFFWorkbookParser.rk(0x3FF0_0000) == 1.0) // the high 30 bits of 1.0
        #expect(BIFFWorkbookParser.rk(0x3FF0_0000 | 0x1) == 0.01)
    }

    @Test func notACompoundFile() throws {
        #expect(throws: LegacyExcelError.self) { try LegacyWorkbook(bytes: Array("PK\u{3}\u{4} not this".utf8)) }
        #expect(throws: LegacyExcelError.self) { try LegacyWorkbook(bytes: []) }
    }

    @Test func aLoopingSectorChainIsAnErrorNotAHang() throws {
        var bytes = try Files.bytes(Files.fixture("bioplex_plate.xls"))
        // Point the first FAT entry at itself: any chain through sector 0 loops.
        let fatSector = Int(bytes.u32(at: 0x4C) ?? 0)
        let at = (fatSector + 1) * 512
        for k in 0..<4 { bytes[at + k] = k == 0 ? 0 : 0 }
        let error = #expect(throws: LegacyExcelError.self) { try LegacyWorkbook(bytes: bytes) }
        #expect(error?.message.contains("loops") == true, "\(String(describing: error))")
    }

    @Test func aTruncatedWorkbookNamesWhereItEnds() throws {
        let bytes = try Files.bytes(Files.fixture("bioplex_plate.xls"))
        let error = #expect(throws: LegacyExcelError.self) { try LegacyWorkbook(bytes: Array(bytes.prefix(bytes.count / 2))) }
        #expect(error?.description.isEmpty == false)
    }
}
