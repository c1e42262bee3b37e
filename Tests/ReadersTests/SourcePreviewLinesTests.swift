import Testing

@testable import Readers

/// Readers recognise their files from `SourcePreview.lines`: it must split where splitting the
/// text's characters at "\n", "\r" and "\r\n" does, skip empty lines, and stop at the n-th.
@Suite("Source preview lines")
struct SourcePreviewLinesTests {
    private func preview(_ text: String) -> SourcePreview {
        SourcePreview(file: SourceFile(path: "/x/head.csv"), head: Array(text.utf8), complete: true)
    }

    /// The definition: every non-empty line between line breaks, as characters see them.
    private func reference(_ text: String, _ n: Int) -> [String] {
        let all = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        return all.prefix(n).map(String.init)
    }

    @Test func splitsAtEveryKindOfLineBreakAndSkipsEmptyLines() {
        let p = preview("a,b\r\nc\n\n\rd é|x\re")
        #expect(p.lines(10) == ["a,b", "c", "d é|x", "e"])
        #expect(p.lines(2) == ["a,b", "c"])
        #expect(p.lines(1) == ["a,b"])
        #expect(preview("").lines(3) == [])
        #expect(preview("\r\n\n").lines(3) == [])
        #expect(preview("last line without break").lines(2) == ["last line without break"])
    }

    @Test("markers are found by their bytes anywhere in the head")
    func mentionsFindsMarkersByBytes() {
        let p = preview("<?xml?>\n<Workspace flowJoVersion=\"10.8\">aaab é")
        for marker in ["<?xml", "<Workspace", "flowJoVersion", "aab", "b é", "é", ""] { #expect(p.mentions(marker), "\(marker)") }
        for marker in ["<SampleList", "aaaa", "é ", "<workspace", "b é!"] { #expect(!p.mentions(marker), "\(marker)") }
        #expect(!preview("").mentions("<") && !preview("<Work").mentions("<Workspace"))
    }

    @Test func agreesWithSplittingCharacters() {
        let pieces = ["x", "é", "\u{301}", "\n", "\r", "\r\n", ",", "Lymphocytes | Count", ""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0..<12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for n in [1, 2, 5] { #expect(preview(text).lines(n) == reference(preview(text).text, n), "\(text.debugDescription)") }
        }
    }
}
