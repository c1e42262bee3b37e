import Domain
import Testing

@testable import Report

@Suite struct CSVWriterTests {
    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(CSVWriter.field("plain") == "plain")
        #expect(CSVWriter.field("") == "")
        #expect(CSVWriter.field("a,b") == "\"a,b\"")
        #expect(CSVWriter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.field("crlf\r\nhere") == "\"crlf\r\nhere\"")
        #expect(CSVWriter.field("cr\ronly") == "\"cr\ronly\"")
        #expect(CSVWriter.field(" spaced ") == " spaced ")
        #expect(CSVWriter.field("µL; ≥20 %") == "µL; ≥20 %")
    }

    @Test func missingNumbersAreEmptyAndWholeNumbersHaveNoDecimals() {
        #expect(CSVWriter.number(.nan) == "")
        #expect(CSVWriter.number(3) == "3")
        #expect(CSVWriter.number(-0.0) == "0")
        #expect(CSVWriter.number(-2.5) == "-2.5")
        #expect(CSVWriter.number(0.1 + 0.2) == "0.30000000000000004")
        #expect(CSVWriter.number(.infinity) == "inf")
    }

    @Test func aTableRendersWithCRLFRecords() {
        let t = AuxiliaryTable(
            name: "t",
            columns: [
                ("NAME", .text(["a,b", "x\"y", ""])),
                ("VALUE", .number([1.5, .nan, 2])),
            ])
        #expect(CSVWriter.render(t) == "NAME,VALUE\r\n\"a,b\",1.5\r\n\"x\"\"y\",\r\n,2\r\n")
    }
}
