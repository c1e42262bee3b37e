import Domain
import Foundation
import Testing

@testable import Readers

@Suite struct CytokineHelpersTests {
    @Test func rolesFromSampleNames() {
        for name in ["Standard1", "S1", "S", "S005", "Standard 12", "std3"] {
            #expect(WellRole.fromSampleName(name) == .standard, "\(name)")
        }
        for name in ["Control1", "C2", "Control 3"] { #expect(WellRole.fromSampleName(name) == .control, "\(name)") }
        for name in ["B", "Background0", "Blank", "blank2"] { #expect(WellRole.fromSampleName(name) == .blank, "\(name)") }
        for name in ["Unknown12", "B_sid_13_CSP", "2-SERPR4187", "Donor14_1", "Sample", "SC1", ""] {
            #expect(WellRole.fromSampleName(name) == .unknown, "\(name)")
        }
        #expect(WellRole.fromBioPlexType("X12") == .unknown && WellRole.fromBioPlexType("C3") == .control)
        #expect(WellRole.fromBioPlexType("Q1") == nil)
        #expect(WellRole.level(of: "Standard12") == 12 && WellRole.level(of: "S005") == 5 && WellRole.level(of: "S") == nil)
    }

    @Test func wellPositionsAndLocations() {
        #expect(WellPosition("a01")?.name == "A1" && WellPosition("H12")?.row == 8)
        #expect(WellPosition("AF48")?.row == 32)
        #expect(WellPosition("1A") == nil && WellPosition("A") == nil && WellPosition("A0") == nil)
        #expect(WellPosition(row: 8, column: 12)?.name == "H12")
        let loc = XPonentLocation("17(1,A3)")
        #expect(loc?.acquisitionOrder == 17 && loc?.plate == 1 && loc?.well.name == "A3")
        #expect(XPonentLocation("1,B9")?.well.name == "B9" && XPonentLocation("1,B9")?.acquisitionOrder == nil)
        #expect(XPonentLocation("(1,A1)") == nil && XPonentLocation("1(1;A1)") == nil)
    }

    @Test func dateOrderFromTheFileItself() {
        let dayFirst = XPonentDateOrder.decide(dates: [("05/03/2014", 3), ("26/02/2014", 17)], countryCode: "409")
        #expect(dayFirst.order == .dayFirst) // the data outrank the locale
        let monthFirst = XPonentDateOrder.decide(dates: [("5/17/2023", 18)], countryCode: nil)
        #expect(monthFirst.order == .monthFirst)
        #expect(XPonentDateOrder.decide(dates: [("05/03/2014", 3)], countryCode: "809").order == .dayFirst)
        let unknown = XPonentDateOrder.decide(dates: [("05/03/2014", 3)], countryCode: "0")
        #expect(unknown.order == nil && unknown.reason.contains("Country Code 0"))
        #expect(XPonentDateOrder.decide(dates: [("13/01/2020", 1), ("01/13/2020", 2)], countryCode: nil).order == nil)
        #expect(XPonentDateOrder.iso("05/03/2014 16:07", order: .dayFirst) == "2014-03-05")
        #expect(XPonentDateOrder.iso("05/03/2014", order: nil) == nil)
        #expect(XPonentDateOrder.iso("01/01/2025", order: nil) == "2025-01-01")
        #expect(XPonentDateOrder.iso("2024-10-18 11:36", order: nil) == "2024-10-18")
        #expect(BioPlexDate.iso("02-Mar-2007, 01:03 PM") == "2007-03-02" && BioPlexDate.iso("31-Feb-2011") == nil)
    }

    @Test func xlsxCellReferences() {
        #expect(CellReference.parse("A1")! == (1, 1))
        #expect(CellReference.parse("AB12")! == (12, 28))
        #expect(CellReference.parse("$C$7")! == (7, 3))
        #expect(CellReference.parse("12") == nil && CellReference.parse("A1B") == nil)
        #expect(CellReference.columnName(28) == "AB" && CellReference.columnName(16384) == "XFD")
    }

    @Test func xlsxWorkbookPartsAndStrings() throws {
        let wb = try XlsxWorkbook(SourceFile(path: Fixtures.path("bioplex/bioplex_2plex.xlsx")))
        #expect(wb.sheets.map(\.name) == ["IL-6 (25)", "IL-10 (27)", "Notes"])
        #expect(wb.sheets[0].path == "xl/worksheets/sheet1.xml")
        let rows = try wb.rows(of: wb.sheets[0])
        // Rich text runs are joined and the phonetic run is left out.
        #expect(rows.first { $0.number == 5 }?.text(1) == "Plate ID: CYTO_PLATE_07")
        #expect(rows.first { $0.number == 6 } == nil) // the blank row Excel did not store
        let x1 = try #require(rows.first { $0.number == 14 })
        #expect(x1.text(5) == "PT-001 V1") // inline string
        #expect(x1.cells.first { $0.column == 6 }?.kind == .number && x1.text(6) == "1204")
        #expect(XlsxWorkbook.resolve("worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml")
        #expect(XlsxWorkbook.resolve("/xl/worksheets/sheet2.xml") == "xl/worksheets/sheet2.xml")
        #expect(XlsxWorkbook.resolve("../customXml/item1.xml") == "customXml/item1.xml")
    }
}

@Suite("Well roles use the shared flag vocabulary")
struct WellRoleFlagTests {
    @Test func wellRoleNamesAreTheMeasurementFlags() {
        #expect(Set(WellRole.allCases.map { MeasurementFlag(rawValue: $0.rawValue) }) == MeasurementFlag.qcMaterial.union([.unknown]))
    }
}
