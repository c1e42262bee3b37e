import Domain
import Testing

@Suite struct DiagnosticGroupTests {
    static func warning(_ line: Int, _ code: String) -> Diagnostic {
        .warning(SourceLocation(file: "plate.csv", line: line, column: 3), code: code, "message \(line)")
    }

    @Test func aFloodBecomesOneGroupWithItsFirstPlacesAndAdvice() {
        var ds = (1...1200).map { Self.warning(40 + $0, "low-bead-count") }
        ds.append(.error(SourceLocation(file: "plate.csv", line: 7, column: 2), code: "non-numeric-value", "'x' is not a number"))
        ds.append(Self.warning(9, "cv-high"))
        let groups = DiagnosticGroup.group(ds)
        #expect(groups.map(\.code) == ["non-numeric-value", "low-bead-count", "cv-high"]) // errors first, then by size
        let flood = groups[1]
        #expect(flood.count == 1200 && flood.first.map(\.location.line) == [41, 42, 43])
        #expect(flood.lines.count == 5)
        #expect(flood.lines[0] == "warning: 1200 × [low-bead-count] \(DiagnosticCatalogue.entry("low-bead-count")!.advice)")
        #expect(flood.lines[1] == "    plate.csv:41:3: message 41")
        #expect(flood.lines[4] == "    … 1197 more")
        // A lone diagnostic prints exactly as before.
        #expect(groups[0].lines == ["plate.csv:7:2: error: 'x' is not a number [non-numeric-value]"])
    }

    @Test func sameCodeDifferentSeverityAreSeparateGroups() {
        let ds = [
            Diagnostic.error(SourceLocation(file: "a.csv", line: 1), code: "invalid-date", "x"),
            Self.warning(2, "invalid-date"),
        ]
        #expect(DiagnosticGroup.group(ds).map(\.severity) == [.error, .warning])
    }
}
