import Testing

@testable import Report

@Suite struct SVGTests {
    @Test func linearScaleRoundsOutToNiceTicks() {
        let s = LinearScale(lower: 0.3, upper: 9.2, range: (from: 0, to: 100), tickCount: 5)
        #expect(s.step == 2 && s.domain.lower == 0 && s.domain.upper == 10)
        #expect(s.ticks() == [0, 2, 4, 6, 8, 10])
        #expect(s.position(5) == 50)
        let flipped = LinearScale(lower: 0, upper: 10, range: (from: 200, to: 0))
        #expect(flipped.position(10) == 0 && flipped.position(0) == 200)
        #expect(LinearScale.niceStep(0.23) == 0.25 && LinearScale.niceStep(3.1) == 5 && LinearScale.niceStep(70) == 100)
    }

    @Test func tickLabelsHaveTheDecimalsTheStepNeeds() {
        #expect(TickFormatter.label(7.5, step: 2.5) == "7.5")
        #expect(TickFormatter.label(10, step: 2.5) == "10.0")
        #expect(TickFormatter.label(-0.25, step: 0.25) == "\u{2212}0.25")
        #expect(TickFormatter.label(20, step: 5) == "20")
        #expect(TickFormatter.logLabel(0.1) == "0.1" && TickFormatter.logLabel(100) == "100" && TickFormatter.logLabel(0.05) == "0.05")
    }

    @Test func logScaleCoversWholeDecades() {
        let s = LogScale(lower: 0.4, upper: 35, range: (from: 0, to: 300))
        #expect(s.domain.lower == 0.1 && abs(s.domain.upper - 100) < 1e-9)
        #expect(abs(s.position(1) - 100) < 1e-9 && abs(s.position(10) - 200) < 1e-9)
        // Three decades: ticks at powers of ten only; two decades: at 1, 2 and 5 × 10ᵏ.
        #expect(s.ticks().map(s.tickLabel) == ["0.1", "1", "10", "100"])
        let narrow = LogScale(lower: 0.4, upper: 9, range: (from: 0, to: 300))
        #expect(narrow.ticks().map(narrow.tickLabel) == ["0.1", "0.2", "0.5", "1", "2", "5", "10"])
    }

    @Test func boxWhiskersStopAtTheLastValueWithinOneAndAHalfIQR() throws {
        // Type-7 quartiles of 1…9 are 3 and 7; IQR 4; fences −3 and 13; 40 is beyond.
        let b = try #require(BoxWhisker([1, 2, 3, 4, 5, 6, 7, 8, 9, 40]))
        #expect(b.n == 10 && b.median == 5.5)
        #expect(b.q1 == 3.25 && b.q3 == 7.75)
        #expect(b.lowerWhisker == 1 && b.upperWhisker == 9)
        #expect(BoxWhisker([.nan]) == nil)
    }

    @Test func largeGroupsDrawOnlyTheValuesBeyondTheWhiskers() throws {
        let y = LinearScale(lower: -100, upper: 100, range: (from: 300, to: 0))
        func circles(_ values: [Double]) throws -> Int {
            let b = try #require(BoxWhisker(values))
            let pts = values.enumerated().map { (value: $0.element, key: "S\($0.offset)") }
            return b.render(points: pts, left: 0, width: 40, y: y, color: "#000", label: "x").filter { $0.hasPrefix("<circle") }.count
        }
        // Small group: every subject is a point.
        let small = (0..<BoxWhisker.maxPointsDrawn).map { Double($0 % 10) }
        #expect(try circles(small) == small.count)
        // Large group: 0…9 repeated, plus two values far beyond the fences (−90 and 95).
        let large = (0..<300).map { Double($0 % 10) } + [-90, 95]
        #expect(try circles(large) == 2)
    }

    @Test func divergingScaleIsBlueBelowWhiteAtRedAboveZero() {
        let c = DivergingColorScale()
        #expect(c.color(0) == "#f7f7f7")
        #expect(c.color(-1) == "#053061" && c.color(1) == "#67001f")
        #expect(c.color(-5) == c.color(-1))
    }

    @Test func textIsEscaped() {
        #expect(XMLText.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        let t = SVG.text(1, 2, "IL-6 <LLOQ>")
        #expect(t.contains("IL-6 &lt;LLOQ&gt;"))
    }

    /// A quote followed by a combining accent is one Character; escaping by Character let it
    /// through and a name like this could leave an attribute of a page (the portal's uploads).
    @Test func markupFollowedByCombiningMarksIsEscaped() {
        let hostile = "x\"\u{301} onmouseover=alert(1) <\u{338}script>"
        let escaped = XMLText.escape(hostile)
        #expect(!escaped.unicodeScalars.contains { $0 == "\"" || $0 == "<" || $0 == ">" })
        #expect(escaped == "x&quot;\u{301} onmouseover=alert(1) &lt;\u{338}script&gt;")
    }

    @Test func jitterIsStableAndBounded() {
        #expect(Jitter.offset("DM01-001") == Jitter.offset("DM01-001"))
        #expect((0..<200).map { Jitter.offset("S\($0)") }.allSatisfy { (-1...1).contains($0) })
    }
}
