import Domain
import Foundation
import Testing

@testable import Readers

/// Every XML reader goes through `SafeXMLParser`: a damaged byte in a name (which made
/// Foundation's XMLParser trap with SIGILL, killing the batch) or any other malformed XML ends in
/// a `FileRejected` with the line and column, in words.
@Suite struct SafeXMLTests {
    static func regression(_ name: String) -> String { Fixtures.path("fuzz-regressions/\(name)") }

    static func rejection(_ reader: some MeasurementReader, _ path: String) -> Diagnostic? {
        read(reader, path).rejection?.diagnostic
    }

    @Test("`<Keywo\\xC0\\xAFrd/>` in a workspace: invalid-xml at the byte, not SIGILL")
    func workspaceWithInvalidUTF8Name() throws {
        // `<Keywo\xC0\xAFrd/>` was inserted on line 22 after six spaces of indent: the byte is
        // in column 7 + 6 = 13 (counted in the file with a text editor).
        let d = try #require(Self.rejection(FlowJoWorkspaceReader(), Self.regression("invalid-utf8-element-name.wsp")))
        #expect(d.code == "invalid-xml")
        #expect(d.location.line == 22 && d.location.column == 13, "\(d)")
        #expect(d.message.contains("0xC0"))
    }

    @Test func bioPlexXMLWithInvalidUTF8Name() throws {
        // Inserted before `<Samples>` on line 56, indented by four spaces: column 5 + 6 = 11.
        let d = try #require(Self.rejection(BioPlexXMLReader(), Self.regression("invalid-utf8-element-name.bioplex.xml")))
        #expect(d.code == "invalid-xml")
        #expect(d.location.line == 56 && d.location.column == 11, "\(d)")
    }

    @Test("a damaged shared-strings part of a workbook names the part, its line and column")
    func xlsxPartWithInvalidUTF8() throws {
        let d = try #require(Self.rejection(BioPlexXlsxReader(), Self.regression("invalid-utf8-shared-string.xlsx")))
        #expect(d.code == "invalid-xlsx")
        // The poisoned element was inserted at line 2, column 100 of xl/sharedStrings.xml.
        #expect(d.message.contains("xl/sharedStrings.xml (line 2, column 106)"), "\(d.message)")
    }

    @Test("parser errors in words with line and column, never 'NSXMLParserErrorDomain error N'")
    func parserErrorsInWords() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safexml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let mismatched = dir.appendingPathComponent("m.xml")
        try Data("<?xml version=\"1.0\"?>\n<BioPlexManager>\n  <Samples></Sample>\n</BioPlexManager>\n".utf8).write(to: mismatched)
        let d = try #require(Self.rejection(BioPlexXMLReader(), mismatched.path))
        #expect(d.code == "invalid-xml")
        #expect(d.location.line == 3 && d.location.column > 0, "\(d)")
        #expect(!d.message.contains("NSXMLParserErrorDomain") && d.message.contains("end tag"), "\(d.message)")

        let control = dir.appendingPathComponent("c.wsp")
        try Data("<?xml version=\"1.0\"?>\n<Workspace>\n<SampleList>\u{1}</SampleList></Workspace>\n".utf8).write(to: control)
        let c = try #require(Self.rejection(FlowJoWorkspaceReader(), control.path))
        #expect(c.code == "invalid-xml" && c.location.line == 3, "\(c)")
        #expect(!c.message.contains("NSXMLParserErrorDomain"), "\(c.message)")
    }

    @Test("a document declaring another encoding is left to the parser, which converts it")
    func declaredEncodings() {
        func utf8(_ s: String) -> Bool {
            Array(s.utf8).withUnsafeBufferPointer { SafeXMLParser.declaresUTF8($0) }
        }
        #expect(utf8("<Workspace>"))
        #expect(utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"))
        #expect(utf8("<?xml version='1.0' encoding='utf-8'?><a/>"))
        #expect(!utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"))
        #expect(!utf8("<?xml version=\"1.0\" encoding = \"windows-1252\"?><a/>"))
    }

    @Test("a Latin-1 workspace that says so is read, not rejected for its encoding")
    func latin1DeclaredIsRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safexml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let wsp = dir.appendingPathComponent("latin1.wsp")
        var bytes = Array(
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Workspace flowJoVersion=\"10\"><SampleList><Sample><SampleNode name=\"A".utf8
        )
        bytes.append(0xB5) // µ in Latin-1, invalid as UTF-8
        bytes += Array(
            ".fcs\" count=\"100\"><Subpopulations><Population name=\"L\" count=\"50\"/></Subpopulations></SampleNode></Sample></SampleList></Workspace>\n"
                .utf8)
        try Data(bytes).write(to: wsp)
        let r = read(FlowJoWorkspaceReader(), wsp.path)
        #expect(r.rejection == nil, "\(String(describing: r.rejection))")
        #expect(r.measurements.contains { $0.sample == "Aµ.fcs" })
    }

    @Test("positions: lines end at LF, CRLF or CR; columns count characters, not bytes")
    func textPositions() {
        func at(_ s: [UInt8], _ offset: Int) -> (Int, Int) {
            let p = s.withUnsafeBufferPointer { TextPosition.of(offset, in: $0) }
            return (p.line, p.column)
        }
        let text = Array("ab\r\nµc\rd\ne".utf8) // µ is two bytes
        #expect(at(text, 0) == (1, 1))
        #expect(at(text, 4) == (2, 1))
        #expect(at(text, 6) == (2, 2)) // "c" after the two-byte µ
        #expect(at(text, 8) == (3, 1))
        #expect(at(text, 10) == (4, 1))
        // A character split across two chunks is still one column.
        var p = TextPosition()
        let mu = Array("µx".utf8)
        mu.withUnsafeBufferPointer { b in
            p.advance(over: UnsafeBufferPointer(rebasing: b[0..<1]))
            p.advance(over: UnsafeBufferPointer(rebasing: b[1..<3]))
        }
        #expect(p.column == 3)
    }
}
