import Domain
import FileIO
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The one way readers parse XML (FlowJo workspaces, Bio-Plex XML, the parts of an xlsx
/// workbook). Foundation's `XMLParser` traps (SIGILL, killing the whole process and every other
/// file of a batch) when an element or attribute name is not valid UTF-8, and reports its own
/// failures as "NSXMLParserErrorDomain error 9". So the bytes are checked first (streamed, in
/// chunks) and every failure becomes a `FileRejected` naming the line and column.
enum SafeXMLParser {
    /// What to parse: a file streamed from disk, or bytes already in memory (an xlsx part).
    enum Input {
        case file(String)
        case data(Data)
    }

    /// Parses `input` with `delegate`. `part`: the archive member being parsed (its position is
    /// then given in the message, the location being the file's). `delegateFailure`: a failure
    /// the delegate recorded before aborting, which wins over the parser's own report.
    /// Returns the parser (its line and column are where parsing ended).
    @discardableResult
    static func parse(
        _ input: Input, delegate: XMLParserDelegate, file: SourceFile, part: String? = nil,
        code: String = "invalid-xml", delegateFailure: () -> Error? = { nil }
    ) throws -> XMLParser {
        try checkEncoding(input, file: file, part: part, code: code)
        let parser: XMLParser
        switch input {
        case .data(let data): parser = XMLParser(data: data)
        case .file(let path):
            guard let stream = InputStream(fileAtPath: path) else {
                throw FileRejected(file.location(), code: "unreadable-file", "cannot open the file for reading")
            }
            parser = XMLParser(stream: stream)
        }
        parser.shouldResolveExternalEntities = false
        let proxy = ErrorPosition(delegate)
        parser.delegate = proxy
        let complete = parser.parse()
        if let failure = delegateFailure() { throw failure }
        if !complete {
            let reason = parser.parserError.map(describe) ?? "parsing stopped"
            // Where the parser was when it found the error; after `parse` returns it reports
            // where the input ended.
            let (line, column) = proxy.line > 0 ? (proxy.line, proxy.column) : (parser.lineNumber, parser.columnNumber)
            throw rejection(
                file: file, part: part, code: code, line: line, column: column,
                "not well-formed XML: \(reason)")
        }
        return parser
    }

    /// A rejection at (`line`, `column`) of the file, or of `part` inside it.
    static func rejection(
        file: SourceFile, part: String?, code: String, line: Int, column: Int,
        _ message: String
    ) -> FileRejected {
        if let part {
            return FileRejected(file.location(), code: code, "\(part) (line \(line), column \(column)): \(message)")
        }
        return FileRejected(file.location(line: line, column: column), code: code, message)
    }

    /// Passes the reader's callbacks through (swift-corelibs: the protocol's methods are
    /// requirements with empty defaults, so each reaches the reader's own or the default) and
    /// notes where the first error was found.
    private final class ErrorPosition: NSObject, XMLParserDelegate {
        let inner: XMLParserDelegate
        private(set) var line = 0, column = 0
        init(_ inner: XMLParserDelegate) { self.inner = inner }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            inner.parser(
                parser, didStartElement: elementName, namespaceURI: namespaceURI, qualifiedName: qName,
                attributes: attributeDict)
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            inner.parser(parser, didEndElement: elementName, namespaceURI: namespaceURI, qualifiedName: qName)
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            inner.parser(parser, foundCharacters: string)
        }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if line == 0 {
                line = parser.lineNumber
                column = parser.columnNumber
            }
            inner.parser(parser, parseErrorOccurred: parseError)
        }
    }

    // MARK: Encoding

    /// Rejects bytes that are not UTF-8 when the document is UTF-8 (no declaration, or one
    /// naming UTF-8, and no UTF-16 byte-order mark). Documents declaring another encoding are
    /// converted by libxml2 itself before any callback and need no check.
    private static func checkEncoding(_ input: Input, file: SourceFile, part: String?, code: String) throws {
        switch input {
        case .data(let data):
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                guard declaresUTF8(UnsafeBufferPointer(rebasing: bytes.prefix(512))) else { return }
                if let bad = TextEncoding.firstInvalidUTF8(bytes) {
                    let p = TextPosition.of(bad.offset, in: bytes)
                    throw rejection(
                        file: file, part: part, code: code, line: p.line, column: p.column,
                        invalidByteMessage(bytes[bad.offset]))
                }
            }
        case .file(let path):
            guard let input = FileInput(path: path) else {
                throw FileRejected(file.location(), code: "unreadable-file", "cannot open the file for reading")
            }
            var buffer: [UInt8] = []
            var position = TextPosition()
            var first = true
            while true {
                let read: Int
                do { read = try input.read(appendingTo: &buffer, count: 1 << 20) } catch {
                    throw FileRejected(file.location(), code: "unreadable-file", "\(error)")
                }
                let final = read == 0
                let keep: Int = try buffer.withUnsafeBufferPointer { bytes in
                    if first {
                        first = false
                        if !declaresUTF8(UnsafeBufferPointer(rebasing: bytes.prefix(512))) { return -1 }
                    }
                    guard let bad = TextEncoding.firstInvalidUTF8(bytes, final: final) else {
                        position.advance(over: bytes)
                        return 0
                    }
                    position.advance(over: UnsafeBufferPointer(rebasing: bytes[0..<bad.offset]))
                    if bad.incompleteTail { return bytes.count - bad.offset }
                    throw rejection(
                        file: file, part: part, code: code, line: position.line, column: position.column,
                        invalidByteMessage(bytes[bad.offset]))
                }
                if keep < 0 || final { return }
                // A multi-byte character cut by the chunk's end waits for the next chunk.
                buffer.removeFirst(buffer.count - keep)
            }
        }
    }

    private static func invalidByteMessage(_ byte: UInt8) -> String {
        "byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8, the document's encoding: the file is damaged or was re-saved in another encoding"
    }

    /// Whether the document's bytes are meant as UTF-8: no UTF-16/32 byte-order mark and no
    /// `encoding="…"` other than UTF-8 in the XML declaration.
    static func declaresUTF8(_ head: UnsafeBufferPointer<UInt8>) -> Bool {
        if head.count >= 2, (head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF) { return false }
        if head.count >= 2, head[0] == 0x00 || head[1] == 0x00 { return false }
        let text = String(decoding: head, as: UTF8.self)
        guard text.contains("<?xml"), let end = text.range(of: "?>") else { return true }
        let declaration = text[..<end.lowerBound].lowercased()
        guard let e = declaration.range(of: "encoding") else { return true }
        let value = declaration[e.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        return value.hasPrefix("utf-8") || value.hasPrefix("utf8")
    }

    // MARK: Parser errors in words

    /// The parser's error as a sentence rather than "NSXMLParserErrorDomain error 9".
    static func describe(_ error: Error) -> String {
        // libxml2's error numbers (xmlParserErrors), which XMLParser passes on as its codes.
        let code = (error as NSError).code
        switch code {
        case 3: return "the document does not start like XML"
        case 4: return "the document is empty"
        case 5: return "content after the root element, or the document ends too early"
        case 6, 7, 8: return "an invalid character reference (&#…;)"
        case 9: return "a character not allowed in XML (a damaged byte or a control character)"
        case 10...30: return "an invalid or unknown entity reference (&…;)"
        case 31, 32: return "an unsupported character encoding"
        case 33, 34, 43, 44: return "a quoted value is not started or not closed"
        case 35: return "an invalid namespace declaration"
        case 38: return "a '<' inside an attribute value"
        case 39, 40, 41, 42: return "a malformed or repeated attribute"
        case 45: return "a comment is not closed"
        case 57, 58: return "a malformed XML declaration"
        case 63: return "a CDATA section is not closed"
        case 68: return "a name expected (an element or attribute name is missing or malformed)"
        case 73: return "'>' expected (a tag is not closed)"
        case 74: return "an end tag '</…>' expected"
        case 76: return "an end tag does not match its start tag"
        case 77: return "the document ends inside a tag (the file is truncated)"
        case 111, 512: return "parsing was stopped"
        default: return "XML error \(code)"
        }
    }
}
