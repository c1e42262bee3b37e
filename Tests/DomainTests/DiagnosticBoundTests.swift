import Testing

@testable import Domain

/// A diagnostic quotes at most `maximumMessageBytes` of its message, whatever the cell: a 50 MB
/// cell was echoed whole into one diagnostic.
@Suite struct DiagnosticBoundTests {
    @Test func hugeCellIsCutKeepingStartAndEnd() {
        let cell = String(repeating: "9", count: 5_000_000)
        let d = Diagnostic.error(
            SourceLocation(file: "a.csv", line: 3, column: 7), code: "non-numeric-value",
            "value 'µ\(cell)' is not a number")
        #expect(d.message.utf8.count <= Diagnostic.maximumMessageBytes)
        #expect(d.message.hasPrefix("value 'µ999"))
        #expect(d.message.hasSuffix("999' is not a number"))
        #expect(d.message.contains("bytes cut]"))
    }

    @Test func shortMessagesAreUntouched() {
        let text = "value 'twelve' is not a number"
        #expect(Diagnostic.warning(SourceLocation(file: "a.csv"), code: "x", text).message == text)
    }
}
