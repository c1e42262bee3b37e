import Domain
import Foundation
import Testing

@testable import Readers

/// A number is a plain decimal, decided in one place (`NumberParsing`) for every reader; a tidy
/// row with more fields than its header is rejected rather than stored shifted.
@Suite struct NumberAndFieldCountTests {
    func bytes(_ s: String) -> Double? { Array(s.utf8).withUnsafeBufferPointer { NumberParsing.plainDouble($0) } }

    @Test("hex, infinity, NaN and underflow are not numbers, on the String and the byte path alike")
    func refusedSpellings() {
        for t in [
            "0x1F", "0X1f", "-0x10", "1e-400", "-2.5E-330", "1e-310", "inf", "-inf", "Infinity", "nan", "NaN",
            "1e400", "1e", "e5", ".", "+-1", "1.2.3", "0b101", "1_000", " ",
        ] {
            #expect(NumberParsing.double(t) == nil, "\(t)")
            #expect(NumberParsing.decimal(t) == nil, "\(t)")
            #expect(bytes(t) == nil, "\(t)")
        }
        #expect(QualifiedValue.parse("0x1F") == nil)
        #expect(QualifiedValue.parse("< 0x1F") == nil)
        #expect(QualifiedValue.parse("1e-400") == nil)
    }

    @Test func plainDecimalsStillRead() {
        let cases: [(String, Double)] = [
            ("4.43E+05", 443_000), ("-3.5", -3.5), (".5", 0.5), ("5.", 5), ("+2", 2),
            ("0", 0), ("0e-400", 0), ("1e-300", 1e-300), ("12.5%", 12.5), (" 7 ", 7),
        ]
        for (t, v) in cases {
            #expect(NumberParsing.double(t) == v, "\(t)")
        }
        for (t, v) in cases.prefix(8) { #expect(bytes(t) == v, "\(t)") }
        #expect(NumberParsing.double("1.234,5", decimalComma: true) == 1234.5)
        // Trimmed by bytes: spaces, tabs and `%` in any order at the end, only spaces and tabs
        // in front; a mark joined to a space or `%` keeps the text from being a number.
        #expect(NumberParsing.double("\t12.5 % \t") == 12.5 && NumberParsing.double("12%%") == 12)
        #expect(NumberParsing.double("%12") == nil && NumberParsing.double(" % ") == nil && NumberParsing.double("") == nil)
        #expect(NumberParsing.double("12 \u{301}") == nil && NumberParsing.double("12%\u{301}") == nil)
        #expect(NumberParsing.double(" \u{301}12") == nil && NumberParsing.double("\u{A0}12") == nil)
        #expect(NumberParsing.double(" 12,5 ", decimalComma: true) == 12.5 && NumberParsing.double("12.5", decimalComma: true) == 12.5)
    }

    @Test func reasonsInWords() {
        #expect(NumberParsing.rejectionReason("0x1F")?.contains("hexadecimal") == true)
        #expect(NumberParsing.rejectionReason("1e-400")?.contains("too small") == true)
        #expect(NumberParsing.rejectionReason("1e400")?.contains("too large") == true)
        #expect(NumberParsing.rejectionReason("inf")?.contains("infinity") == true)
        #expect(NumberParsing.rejectionReason("twelve") == nil)
        #expect(NumberParsing.rejectionReason("12") == nil)
    }

    func tidy(_ text: String) throws -> ReadResult {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tidy-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return read(TidyCSVReader(), url.path)
    }

    @Test("an unquoted decimal comma is a rejected row at its first extra field, not a shifted one")
    func decimalCommaRowIsRejected() throws {
        // The row: the header ends with flags, the row has one field more (the last empty).
        let r = try tidy(
            """
            subject,visit,assay,analyte,statistic,value,unit,flags
            P01,BASELINE,cytokine,IL6,concentration,1,5,pg/mL,
            P01,W4,cytokine,IL6,concentration,2.5,pg/mL,
            P01,W8,cytokine,IL6,concentration,3,pg/mL

            """)
        #expect(r.errors.map { "\($0.code)@\($0.location.line):\($0.location.column)" } == ["extra-fields@2:9"])
        #expect(r.measurements.map(\.visit) == ["W4", "W8"])
        #expect(r.measurements.map(\.unit) == ["pg/mL", "pg/mL"])
        // Without a trailing column, the same mistake is caught the same way.
        let short = try tidy("subject,visit,assay,analyte,statistic,value,unit\nP01,V1,cytokine,IL6,concentration,1,5,pg/mL\n")
        #expect(short.errors.map { "\($0.code)@\($0.location.line):\($0.location.column)" } == ["extra-fields@2:8"])
        #expect(short.measurements.isEmpty)
    }

    @Test("0x1F and 1e-400 in a tidy file are errors at the value, saying why")
    func oddNumbersInTidy() throws {
        let r = try tidy(
            """
            subject,visit,assay,analyte,statistic,value
            P01,V1,clinical,CRP,value,0x1F
            P01,V2,clinical,CRP,value,1e-400
            P01,V3,clinical,CRP,value,2
            """)
        #expect(
            r.errors.map { "\($0.code)@\($0.location.line):\($0.location.column)" } == ["non-numeric-value@2:6", "non-numeric-value@3:6"])
        #expect(r.errors.first?.message.contains("hexadecimal") == true)
        #expect(r.errors.last?.message.contains("too small") == true)
        #expect(r.measurements.map(\.value) == [2])
    }
}
