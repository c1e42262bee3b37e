import Domain
import Foundation
import TestSupport
import Testing

/// The diagnostic catalogue is the one list of codes: every code the sources emit is in it, every
/// entry is emitted somewhere, and `docs/diagnostics.md` is exactly what the catalogue says.
@Suite struct DiagnosticCatalogueTests {
    static let root = PackagePaths.root

    /// Codes as emitters write them: `code: "…"` (Diagnostic, FileRejected, AnalysisError,
    /// ConfigProblem and the panel/linkage `fail` helpers all take that label), or
    /// `code: MeasurementFlag.x.rawValue` for the plate-QC warnings named after their flag.
    static func emittedCodes() throws -> [String: String] {
        let literal = try NSRegularExpression(pattern: #"code: "([a-z0-9-]+)""#)
        let flag = try NSRegularExpression(pattern: #"code: MeasurementFlag\.(\w+)\.rawValue"#)
        let flags = try flagSpellings()
        var found: [String: String] = [:]
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String] ?? []
        for file in files where file.hasSuffix(".swift") && !file.hasPrefix("Domain/Diagnostics/") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for m in literal.matches(in: text, range: range) {
                let code = String(text[Range(m.range(at: 1), in: text)!])
                found[code] = found[code] ?? file
            }
            for m in flag.matches(in: text, range: range) {
                let name = String(text[Range(m.range(at: 1), in: text)!])
                let code = try #require(flags[name], "MeasurementFlag.\(name) used as a code in \(file) is not a flag")
                found[code] = found[code] ?? file
            }
        }
        return found
    }

    /// `MeasurementFlag`'s constants and their spellings, read from its source.
    static func flagSpellings() throws -> [String: String] {
        let text = try String(contentsOf: root.appendingPathComponent("Sources/Domain/MeasurementFlag.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"static let (\w+) = MeasurementFlag\(rawValue: "([a-z0-9-]+)"\)"#)
        var out: [String: String] = [:]
        for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            out[String(text[Range(m.range(at: 1), in: text)!])] = String(text[Range(m.range(at: 2), in: text)!])
        }
        return out
    }

    @Test func everyEmittedCodeIsCatalogued() throws {
        let emitted = try Self.emittedCodes()
        #expect(emitted.count > 50, "the scan found too few codes: is the pattern still right?")
        for (code, file) in emitted.sorted(by: { $0.key < $1.key }) {
            #expect(
                DiagnosticCatalogue.entry(code) != nil,
                "'\(code)' (emitted in Sources/\(file)) is not in DiagnosticCatalogue: add it with its meaning and advice")
        }
    }

    @Test func everyCataloguedCodeIsEmitted() throws {
        let emitted = try Self.emittedCodes()
        for entry in DiagnosticCatalogue.all {
            #expect(emitted[entry.code] != nil, "'\(entry.code)' is catalogued but nothing emits it: remove it")
        }
    }

    @Test func codesAreUniqueAndWellFormed() {
        var seen = Set<String>()
        for entry in DiagnosticCatalogue.all {
            #expect(seen.insert(entry.code).inserted, "'\(entry.code)' is catalogued twice")
            #expect(entry.code.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "'\(entry.code)'")
            #expect(entry.meaning.hasSuffix(".") && entry.advice.hasSuffix("."), "'\(entry.code)': end sentences with a period")
        }
    }

    @Test func documentationIsGeneratedFromTheCatalogue() throws {
        let path = Self.root.appendingPathComponent("docs/diagnostics.md")
        let expected = Self.markdown()
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try expected.write(to: path, atomically: true, encoding: .utf8)
        }
        let actual = try String(contentsOf: path, encoding: .utf8)
        #expect(
            actual == expected, "docs/diagnostics.md is stale: regenerate with UPDATE_GOLDEN=1 swift test --filter DiagnosticCatalogueTests"
        )
    }

    static func markdown() -> String {
        var s = """
            # Diagnostic codes

            Every problem immunopipe finds in an input is a diagnostic: a severity, a place
            (`file:line:column`, or `file: Sheet!C7` in a workbook), a stable code and a message. An
            **error** means the value (or, where the reader cannot go on, the whole file) was not stored;
            a **warning** means the value was stored and the problem reported, with a flag where it
            matters. Codes never change meaning, so scripts may match on them; the full list of a batch's
            diagnostics is kept in the store and printed by `ingest --json`.

            This page is generated from `Sources/Domain/Diagnostics/DiagnosticCatalogueEntries.swift`
            (`UPDATE_GOLDEN=1 swift test --filter DiagnosticCatalogueTests`); a test fails when the two
            differ or when the sources emit a code the catalogue does not list.

            """
        for area in DiagnosticCode.Area.allCases {
            let entries = DiagnosticCatalogue.all.filter { $0.area == area }.sorted { $0.code < $1.code }
            guard !entries.isEmpty else { continue }
            s += "\n## \(area.rawValue)\n\n| code | severity | meaning | what to do |\n|---|---|---|---|\n"
            for e in entries {
                s += "| `\(e.code)` | \(e.usage.rawValue) | \(e.meaning) | \(e.advice) |\n"
            }
        }
        return s
    }
}
