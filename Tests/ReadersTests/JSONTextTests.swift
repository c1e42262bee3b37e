import Foundation
import Testing

@testable import Readers

/// `JSONText` keeps free-form text (keyword columns, derived values' formulas) in `extra`: what
/// it writes must read back as the same text, whether or not the text needed escapes.
@Suite("JSON text")
struct JSONTextTests {
    @Test func textWithoutEscapesIsQuotedAsIs() {
        #expect(JSONText.string("100 × 1234 / 20000") == "\"100 × 1234 / 20000\"")
        #expect(JSONText.string("") == "\"\"")
        #expect(JSONText.object([("formula", "(4.14% × 63.2%) / (100%)")]) == "{\"formula\":\"(4.14% × 63.2%) / (100%)\"}")
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        #expect(JSONText.string("a\"b") == "\"a\\\"b\"")
        #expect(JSONText.string("C:\\data") == "\"C:\\\\data\"")
        #expect(JSONText.string("line\nnext\tcell\r") == "\"line\\nnext\\tcell\\r\"")
        #expect(JSONText.string("bell\u{07}") == "\"bell\\u0007\"")
    }

    @Test func everyTextReadsBackUnchanged() throws {
        let texts = ["plain", "tube \"A\"", "back\\slash", "tab\there", "é ü ×", "nul\u{00}", "\u{1F}unit", ""]
        let json = JSONText.object(texts.enumerated().map { ("k\($0.offset)", $0.element) })
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        for (i, text) in texts.enumerated() { #expect(decoded["k\(i)"] == text) }
    }
}
