import Testing

@testable import Domain

/// The one escaping walk behind JSON and XML/HTML text: runs of kept scalars are copied as
/// slices, so the edges (first, last, adjacent, all or none replaced) are where it could slip.
@Suite struct ScalarEscapingTests {
    static func brackets(_ s: String) -> String { s.replacingScalars { $0 == "<" ? "&lt;" : $0 == "\"" ? "&quot;" : nil } }

    @Test func replacesEveryScalarItIsAskedToAndKeepsTheRest() {
        #expect(Self.brackets("") == "")
        #expect(Self.brackets("plain text") == "plain text")
        #expect(Self.brackets("<") == "&lt;")
        #expect(Self.brackets("<<\"") == "&lt;&lt;&quot;")
        #expect(Self.brackets("<a") == "&lt;a")
        #expect(Self.brackets("a<") == "a&lt;")
        #expect(Self.brackets("IL-6 < 0.5 \"pg/mL\" µ") == "IL-6 &lt; 0.5 &quot;pg/mL&quot; µ")
    }

    @Test func aQuoteInsideAGraphemeClusterIsStillReplaced() {
        // `"` + U+0301 is one Character; the walk is by scalar, and the accent stays after it.
        let s = "a\"\u{301}b"
        #expect(Self.brackets(s).unicodeScalars.map(\.value) == Array("a&quot;".unicodeScalars.map(\.value)) + [0x301, 0x62])
    }

    @Test func matchesAScalarByScalarReference() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["a", "<", "\"", "\u{301}", "é", "\u{1F600}", " ", "\n"]
        for _ in 0..<500 {
            var view = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<40, using: &rng) { view.append(alphabet.randomElement(using: &rng)!) }
            let s = String(view)
            var reference = ""
            for u in s.unicodeScalars {
                reference += u == "<" ? "&lt;" : u == "\"" ? "&quot;" : String(u)
            }
            #expect(Self.brackets(s).unicodeScalars.elementsEqual(reference.unicodeScalars), "\(s.debugDescription)")
        }
    }
}
