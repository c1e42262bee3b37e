import Domain
import Foundation
import Testing

@testable import Ingest

@Suite("Linkage")
struct LinkageTests {
    private let manifestText = """
        Sample ID,Subject,Visit,Collection Date
        IL2-001_D0.fcs,IL2-001,D0,2024-03-05
        IL2-001_D8,IL2-001,D8,2024-03-13
        IL2-002_D0.fcs,IL2-002,D0,
        IL2-003_D0.fcs,IL2-003,D0,2024-02-30
        IL2-004_D0.fcs,IL2-004,D0,2024-03-06
        IL2-004_D0.fcs,IL2-004,D8,2024-03-06
        IL2-005_D0.fcs,IL2-005,D0,2024-03-07
        IL2-005_D0.fcs,IL2-005,D0,2024-03-07
        """

    private func manifest() throws -> (SampleManifest, [Diagnostic]) {
        try SampleManifest.load(path: try temporaryFile("samples.csv", manifestText))
    }

    @Test func manifestRowsAndProblems() throws {
        let (m, diagnostics) = try manifest()
        #expect(
            m.lookup("IL2-001_D0.fcs")
                == .found(.init(sample: "IL2-001_D0.fcs", subject: "IL2-001", visit: "D0", date: "2024-03-05", line: 2)))
        // The manifest lists IL2-001_D8 without the extension.
        guard case .found(let d8) = m.lookup("IL2-001_D8.fcs") else {
            Issue.record("stem lookup failed")
            return
        }
        #expect(d8.visit == "D8" && d8.line == 3)
        guard case .found(let noDate) = m.lookup("IL2-002_D0.fcs") else {
            Issue.record("IL2-002 missing")
            return
        }
        #expect(noDate.date == "")
        #expect(m.lookup("IL2-003_D0.fcs") == .absent)
        #expect(m.lookup("IL2-004_D0.fcs") == .conflicting(firstLine: 6, secondLine: 7))
        #expect(m.lookup("IL2-004_D0") == .conflicting(firstLine: 6, secondLine: 7))
        guard case .found(let withoutExtension) = m.lookup("IL2-001_D0") else {
            Issue.record("stem lookup failed")
            return
        }
        #expect(withoutExtension.line == 2)
        #expect(
            diagnostics.map(\.description) == [
                "samples.csv:5:4: error: date '2024-02-30' of sample 'IL2-003_D0.fcs' is not a valid iso date [invalid-date]",
                "samples.csv:7:1: error: sample 'IL2-004_D0.fcs' is listed on line 6 and line 7 with different subject, visit or date; it will not be linked [conflicting-sample]",
                "samples.csv:9:1: warning: sample 'IL2-005_D0.fcs' repeats line 8 (same values) [duplicate-sample]",
            ])
    }

    @Test("a name's stem drops .fcs in any case, ASCII or not")
    func stems() {
        #expect(SampleManifest.stem("IL2-001_D0.fcs") == "IL2-001_D0")
        #expect(SampleManifest.stem("IL2-001_D0.FCS") == "IL2-001_D0")
        #expect(SampleManifest.stem("Patiënt_D0.Fcs") == "Patiënt_D0")
        #expect(SampleManifest.stem("fcs") == "fcs" && SampleManifest.stem(".fcs") == "")
        // Only the dot itself: `| 0x20` would also turn the control byte 0x0E into a dot.
        #expect(SampleManifest.stem("A\u{0E}fcs") == "A\u{0E}fcs")
        #expect(SampleManifest.stem("IL2-001_D0.fcs2") == "IL2-001_D0.fcs2")
    }

    @Test func manifestWithoutVisitColumnIsRejected() throws {
        let path = try temporaryFile("samples.csv", "sample,subject,date\nA,P1,2024-01-01\n")
        let e = rejection { _ = try SampleManifest.load(path: path) }
        #expect(e?.description == "samples.csv:1: error: manifest column missing: visit [missing-column]")
    }

    @Test func namedGroupsFromTheSampleName() throws {
        let rule = LinkageRule(pattern: try GatePattern(#"^(?<subject>IL2-\d{3})_(?<visit>D\d+)_(?<date>\d{8})"#), dateFormat: .yyyymmdd)
        let linker = SampleLinker(rule: rule)
        #expect(
            linker.link(sample: "IL2-007_D8_20240312.fcs", file: "plate.csv")
                == .linked(SampleLink(subject: "IL2-007", visit: "D8", date: "2024-03-12", source: .pattern)))
        #expect(
            linker.link(sample: "IL2-007_D8_20241312.fcs", file: "plate.csv")
                == .unknown(reason: "sample 'IL2-007_D8_20241312.fcs': '20241312' in its name is not a valid yyyymmdd date"))
        #expect(
            linker.link(sample: "Compensation_FITC.fcs", file: "plate.csv")
                == .unknown(
                    reason:
                        #"sample 'Compensation_FITC.fcs': its name does not match the pattern '^(?<subject>IL2-\d{3})_(?<visit>D\d+)_(?<date>\d{8})'"#
                ))
    }

    @Test func namedGroupsFromTheFileName() throws {
        let rule = LinkageRule(pattern: try GatePattern(#"(?<subject>P\d+)_(?<visit>V\d)"#), matchAgainst: .file)
        let r = SampleLinker(rule: rule).link(sample: "Tube_003.fcs", file: "P12_V2_tregs.csv")
        #expect(r == .linked(SampleLink(subject: "P12", visit: "V2", date: "", source: .pattern)))
    }

    @Test func manifestAndPatternMustAgree() throws {
        let (m, _) = try manifest()
        let rule = LinkageRule(pattern: try GatePattern(#"^(?<subject>IL2-\d{3})_(?<visit>D\d+)"#))
        let linker = SampleLinker(rule: rule, manifest: m)
        #expect(
            linker.link(sample: "IL2-001_D0.fcs", file: "f.csv")
                == .linked(SampleLink(subject: "IL2-001", visit: "D0", date: "2024-03-05", source: .manifestAndPattern(line: 2))))
        #expect(
            linker.link(sample: "Unstained.fcs", file: "f.csv")
                == .unknown(
                    reason:
                        "sample 'Unstained.fcs' is not in the manifest samples.csv and its name does not match the pattern '^(?<subject>IL2-\\d{3})_(?<visit>D\\d+)'"
                ))
        // Not in the manifest: the name alone links it.
        #expect(
            linker.link(sample: "IL2-009_D15.fcs", file: "f.csv")
                == .linked(SampleLink(subject: "IL2-009", visit: "D15", date: "", source: .pattern)))
        // The manifest says D0 for IL2-002_D0 … a mislabelled tube would disagree:
        let wrong = SampleManifest(
            file: "samples.csv", entries: [.init(sample: "IL2-002_D8.fcs", subject: "IL2-002", visit: "D0", line: 4)])
        #expect(
            SampleLinker(rule: rule, manifest: wrong).link(sample: "IL2-002_D8.fcs", file: "f.csv")
                == .unknown(reason: "sample 'IL2-002_D8.fcs': manifest line 4 says visit 'D0' but the sample name says 'D8'"))
        #expect(
            linker.link(sample: "IL2-004_D0.fcs", file: "f.csv")
                == .unknown(
                    reason: "sample 'IL2-004_D0.fcs' is listed twice in samples.csv (lines 6 and 7) with different subject, visit or date"))
    }

    @Test func applyFillsAndReturnsUnknownSamplesWithReasons() throws {
        let (m, _) = try manifest()
        let linker = SampleLinker(rule: LinkageRule(manifest: "samples.csv"), manifest: m)
        let ms = [
            flow("IL2-001_D0.fcs", trunk, .count, 20000, line: 2, column: 3),
            flow("Unstained.fcs", trunk, .count, 3, line: 3, column: 3),
            flow("IL2-001_D0.fcs", trunk + "/CD25+FoxP3+", .count, 1234, line: 2, column: 4),
            flow("Unstained.fcs", trunk + "/CD25+FoxP3+", .count, 0, line: 3, column: 4),
        ]
        let out = linker.apply(ms, file: "plate1.csv")
        #expect(out.linked.count == 2)
        #expect(out.linked.allSatisfy { $0.subject == "IL2-001" && $0.visit == "D0" && $0.collectionDate == "2024-03-05" })
        #expect(out.unlinked.count == 1)
        #expect(out.unlinked[0].sample == "Unstained.fcs")
        #expect(out.unlinked[0].measurements.count == 2)
        #expect(
            out.diagnostics.map(\.description) == [
                "plate1.csv:3:3: warning: sample 'Unstained.fcs' is not in the manifest samples.csv [unknown-sample]"
            ])
    }

    @Test func fileThatNamesItsSubjectMustAgreeWithTheRule() throws {
        let (m, _) = try manifest()
        let linker = SampleLinker(rule: LinkageRule(manifest: "samples.csv"), manifest: m)
        var tidy = flow("IL2-001_D0.fcs", trunk, .count, 20000, line: 5, column: 6, subject: "IL2-099")
        tidy.visit = "D0"
        let out = linker.apply([tidy], file: "lims.csv")
        #expect(out.linked.isEmpty)
        #expect(
            out.unlinked.first?.reason == "sample 'IL2-001_D0.fcs': the file says subject 'IL2-099' but the linkage rule says 'IL2-001'")
        // Not in the manifest, but the file names subject and visit: kept as the file says.
        var own = flow("LIMS-77", trunk, .count, 1, subject: "IL2-050")
        own.visit = "W4"
        #expect(linker.apply([own], file: "lims.csv").linked == [own])
    }

    @Test func ruleFromYAMLResolvesTheManifestNextToIt() throws {
        let manifestPath = try temporaryFile("samples.csv", manifestText)
        let dir = (manifestPath as NSString).deletingLastPathComponent
        let rulePath = (dir as NSString).appendingPathComponent("linkage.yaml")
        try """
        manifest: samples.csv
        pattern: '^(?<subject>IL2-\\d{3})_(?<visit>D\\d+)'
        """.write(toFile: rulePath, atomically: true, encoding: .utf8)
        let rule = try LinkageRule.load(path: rulePath)
        #expect(rule.manifest == manifestPath)
        let (linker, diagnostics) = try SampleLinker.load(rule: rule)
        #expect(diagnostics.count == 3)
        #expect(
            linker.link(sample: "IL2-001_D8.fcs", file: "")
                == .linked(SampleLink(subject: "IL2-001", visit: "D8", date: "2024-03-13", source: .manifestAndPattern(line: 3))))
    }

    @Test func ruleYAMLErrorsNameTheKey() {
        var e = rejection { _ = try LinkageRule.parse(yaml: "pattern: '^(?<subjet>P\\d+)_(?<visit>V\\d)'\n", file: "study.yaml") }
        #expect(
            e?.description == "study.yaml:1:10: error: pattern: named group 'subjet' is not one of subject, visit, date [unknown-group]")
        e = rejection { _ = try LinkageRule.parse(yaml: "pattern: '^(?<visit>V\\d)'\n", file: "study.yaml") }
        #expect(
            e?.description == "study.yaml:1:10: error: pattern: without a manifest the pattern needs a (?<subject>…) group [missing-group]")
        e = rejection { _ = try LinkageRule.parse(yaml: "manifest: s.csv\ndate_format: dd/mm/yyyy\n", file: "study.yaml") }
        #expect(
            e?.description
                == "study.yaml:2:14: error: date_format: 'dd/mm/yyyy' is not one of iso, yyyymmdd, day_first, month_first [yaml-invalid-value]"
        )
        e = rejection { _ = try LinkageRule.parse(yaml: "match_against: sample\n", file: "study.yaml") }
        #expect(e?.description == "study.yaml:1:1: error: a linkage rule needs a manifest, a pattern, or both [yaml-missing-key]")
        e = rejection { _ = try LinkageRule.parse(yaml: "manifest: s.csv\nmanifests: t.csv\n", file: "study.yaml") }
        #expect(e?.diagnostic.code == "yaml-unknown-key")
        #expect(e?.diagnostic.location.line == 2)
    }
}
