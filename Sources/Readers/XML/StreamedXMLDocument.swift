import Domain
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A SAX handler that reads a whole document from disk as it streams (FlowJo workspaces,
/// FACSDiva experiments): it records the sink's error rather than throwing from a callback, and
/// knows which element was still open when the input ended.
protocol StreamedXMLHandler: XMLParserDelegate {
    /// The sink's error (the pipeline was cancelled); parsing was aborted.
    var failure: Error? { get }
    /// The innermost element still open when parsing ended (a truncated file), if any.
    var unclosedElement: String? { get }
}

extension SafeXMLParser {
    /// Streams `file` through `handler` and rejects a file that ends inside an element, which
    /// Foundation's streaming parser does not always report. `document` names the file in that
    /// message ("the workspace", "the FACSDiva export").
    static func parseStreamed(_ file: SourceFile, with handler: some StreamedXMLHandler, document: String) throws {
        let parser = try parse(.file(file.path), delegate: handler, file: file, delegateFailure: { handler.failure })
        if let open = handler.unclosedElement {
            throw FileRejected(
                file.location(line: parser.lineNumber, column: parser.columnNumber),
                code: "invalid-xml", "\(document) ends inside <\(open)>: the file is truncated")
        }
    }
}
