import Domain
import Foundation
import Testing

@testable import Ingest

@Suite("Validation")
struct ValidationTests {
    private let treg = trunk + "/CD25+FoxP3+"
    private let validator = Validator()

    /// A mapped FlowJo row: canonical analyte, gate path as source name.
    private func row(
        _ sample: String, _ path: String, _ code: String, _ statistic: Statistic, _ value: Double,
        of denominator: String = "", line: Int, column: Int
    ) -> Domain.Measurement {
        Domain.Measurement(
            sample: sample, assay: .cytometry, analyte: code, sourceName: path, statistic: statistic,
            denominator: denominator, value: value, sourceLine: line, sourceColumn: column)
    }

    @Test func negativeCountIsRejected() {
        let (accepted, d) = validator.validate([row("s1", treg, "TREG", .count, -3, line: 4, column: 7)], file: "plate.csv")
        #expect(accepted.isEmpty)
        #expect(d.map(\.description) == ["plate.csv:4:7: error: count -3 of TREG count of sample 's1' is negative [negative-count]"])
    }

    @Test func nonWholeCountIsRoundedWithAWarning() {
        let (accepted, d) = validator.validate([row("s1", treg, "TREG", .count, 1234.4, line: 4, column: 7)], file: "plate.csv")
        #expect(accepted.first?.value == 1234)
        #expect(accepted.first?.rawValue == "1234.4")
        #expect(
            d.map(\.description) == [
                "plate.csv:4:7: warning: count 1234.4 of TREG count of sample 's1' is not a whole number; rounded to 1234 [non-whole-count]"
            ])
    }

    /// One test of "whole" (`WholeCount`) for readers and validator: exact, so a count the reader
    /// passed on with a tiny fraction is rounded here as the FlowJo readers round theirs.
    @Test func countsAreWholeExactlyAsTheReadersJudgeThem() {
        let (accepted, d) = validator.validate([row("s1", treg, "TREG", .count, 5.0000000001, line: 4, column: 7)], file: "plate.csv")
        #expect(accepted.first?.value == 5)
        #expect(d.map(\.code) == ["non-whole-count"])
        #expect(WholeCount.isWhole(12) && !WholeCount.isWhole(12.5) && !WholeCount.isWhole(5.0000000001))
    }

    @Test func frequencyOutsideZeroToHundredIsRejected() {
        let (accepted, d) = validator.validate(
            [row("s1", treg, "TREG", .freqOfParent, 100.2, of: "CD4", line: 9, column: 3)], file: "plate.csv")
        #expect(accepted.isEmpty)
        #expect(
            d.map(\.description) == [
                "plate.csv:9:3: error: TREG freq_of_parent of CD4 of sample 's1' is 100.2 %, outside 0–100 [frequency-out-of-range]"
            ])
    }

    @Test func duplicatesWithDifferentValuesAreBothRejected() {
        let ms = [
            row("s1", treg, "TREG", .freqOfParent, 6.1, of: "CD4", line: 12, column: 5),
            row("s1", trunk + "/CD25hi", "TREG", .freqOfParent, 6.3, of: "CD4", line: 40, column: 5),
            row("s2", treg, "TREG", .freqOfParent, 6.3, of: "CD4", line: 41, column: 5),
        ]
        let (accepted, d) = validator.validate(ms, file: "plate.csv")
        #expect(accepted.map(\.sample) == ["s2"])
        #expect(
            d.map(\.description) == [
                "plate.csv:40:5: error: TREG freq_of_parent of CD4 of sample 's1' is given twice with different values: line 12 (6.1) and line 40 (6.3); both rejected [duplicate-value]"
            ])
    }

    @Test func exactRepeatKeepsTheFirstRow() {
        let ms = [
            row("s1", treg, "TREG", .count, 1234, line: 12, column: 5),
            row("s1", treg, "TREG", .count, 1234, line: 30, column: 5),
        ]
        let (accepted, d) = validator.validate(ms, file: "plate.csv")
        #expect(accepted.map(\.sourceLine) == [12])
        #expect(
            d.map(\.description) == [
                "plate.csv:30:5: error: TREG count of sample 's1' repeats line 12 with the same value; the repeat is rejected [duplicate-value]"
            ])
    }

    @Test("in one sample, duplicates of populations and of unmapped names are found and reported in row order")
    func duplicatesWithinOneSampleInRowOrder() {
        let ms = [
            row("s1", treg, "TREG", .count, 1234, line: 2, column: 5),
            row("s1", treg, "TREG", .freqOfParent, 6.1, of: "CD4", line: 2, column: 6),
            row("s1", "Odd gate", "Odd gate", .count, 7, line: 2, column: 7),
            row("s1", treg, "TREG", .freqOfParent, 6.1, of: "CD3", line: 2, column: 8), // another key
            row("s1", "Odd gate", "Odd gate", .count, 8, line: 2, column: 9),
            row("s1", treg, "TREG", .freqOfParent, 6.1, of: "CD4", line: 2, column: 10),
            row("s1", treg, "TREG", .count, 1234, line: 2, column: 11),
        ]
        let (accepted, d) = validator.validate(ms, file: "plate.csv")
        #expect(accepted.map(\.sourceColumn) == [5, 6, 8])
        #expect(d.map(\.code) == ["duplicate-value", "duplicate-value", "duplicate-value"])
        // By the first row of each key: TREG count (column 5), TREG % of CD4 (6), Odd gate (7).
        #expect(d.map(\.location.column) == [11, 10, 9])
    }

    @Test func sameNameDifferentParameterIsNotADuplicate() {
        var a = row("s1", treg, "TREG", .median, 1520, line: 2, column: 5)
        a.parameter = "CD25 PE"
        var b = row("s1", treg, "TREG", .median, 880, line: 2, column: 6)
        b.parameter = "FoxP3 AF647"
        #expect(validator.validate([a, b], file: "f").accepted.count == 2)
    }

    @Test func childCountAboveParentIsRejected() {
        let ms = [
            row("s1", trunk, "CD4", .count, 20000, line: 2, column: 4),
            row("s1", treg, "TREG", .count, 25000, line: 2, column: 5),
            row("s2", treg, "TREG", .count, 25000, line: 3, column: 5),
        ] // other sample: not compared
        let (accepted, d) = validator.validate(ms, file: "plate.csv")
        #expect(accepted.map(\.sourceLine) == [2, 3])
        #expect(
            d.map(\.description) == [
                "plate.csv:2:5: error: count 25000 of '\(treg)' in sample 's1' exceeds the count 20000 of its parent '\(trunk)' (line 2, column 4) [count-exceeds-parent]"
            ])
    }

    @Test func flatNamesUseTheCanonicalTree() {
        // Lab B's columns have no gate path: TREG is checked against CD4 via the catalogue.
        let ms = [
            row("B1", "CD4+ count", "CD4", .count, 9000, line: 5, column: 2),
            row("B1", "Tregs count", "TREG", .count, 9500, line: 5, column: 3),
        ]
        let (accepted, d) = validator.validate(ms, file: "labb.csv")
        #expect(accepted.count == 1)
        #expect(d.first?.code == "count-exceeds-parent")
        #expect(d.first?.location == SourceLocation(file: "labb.csv", line: 5, column: 3))
    }

    @Test func frequencyMustAgreeWithCountsWithinHalfAPoint() {
        // 100 × 1234 / 20000 = 6.17 %. 6.67 is 0.5 pp off (accepted); 6.68 is 0.51 pp off (rejected).
        func check(_ freq: Double) -> [Diagnostic] {
            let ms = [
                row("s1", trunk, "CD4", .count, 20000, line: 2, column: 4),
                row("s1", treg, "TREG", .count, 1234, line: 2, column: 5),
                row("s1", treg, "TREG", .freqOfParent, freq, of: "CD4", line: 2, column: 6),
            ]
            return validator.validate(ms, file: "plate.csv").diagnostics
        }
        #expect(check(6.17).isEmpty)
        #expect(check(6.67).isEmpty)
        #expect(
            check(6.68).map(\.description) == [
                "plate.csv:2:6: error: TREG freq_of_parent of CD4 of sample 's1' is 6.68 % but the counts give 6.17 % (100 × 1234 / 20000, lines 2 and 2); tolerance ±0.5 percentage points [frequency-count-mismatch]"
            ])
    }

    @Test func freqOfIsCheckedByCanonicalCodes() {
        let ms = [
            row("B1", "CD4+ count", "CD4", .count, 8000, line: 5, column: 2),
            row("B1", "Tregs count", "TREG", .count, 480, line: 5, column: 3),
            row("B1", "CD25hiCD127lo of CD4 (%)", "TREG", .freqOf, 8, of: "CD4", line: 5, column: 4),
        ]
        let (accepted, d) = validator.validate(ms, file: "labb.csv")
        // 100 × 480 / 8000 = 6 %, written as 8 %.
        #expect(accepted.count == 2)
        #expect(d.map(\.code) == ["frequency-count-mismatch"])
    }

    @Test func tolerancesComeFromThePanel() {
        let panel = Panel(id: "strict", mappings: [], frequencyTolerance: 0.05)
        let ms = [
            row("s1", trunk, "CD4", .count, 20000, line: 2, column: 4),
            row("s1", treg, "TREG", .count, 1234, line: 2, column: 5),
            row("s1", treg, "TREG", .freqOfParent, 6.3, of: "CD4", line: 2, column: 6),
        ]
        #expect(Validator(panel: panel).validate(ms, file: "f").diagnostics.map(\.code) == ["frequency-count-mismatch"])
        #expect(Validator().validate(ms, file: "f").diagnostics.isEmpty)
    }

    @Test func implausibleValuesAreWarnedAndKept() {
        let ms = [row("s1", treg, "TREG", .freqOfParent, 23.5, of: "CD4", line: 7, column: 9)]
        let (accepted, d) = validator.validate(ms, file: "plate.csv")
        #expect(accepted.count == 1)
        #expect(d.count == 1)
        #expect(d.first?.severity == .warning)
        #expect(
            d.first?.description.hasPrefix(
                "plate.csv:7:9: warning: TREG is 23.5 % of CD4 in sample 's1', outside the plausible 2–15 % (healthy donors") == true)
    }

    @Test func implausibleFromCountsWhenNoPercentage() {
        let ms = [
            row("s1", trunk, "CD4", .count, 20000, line: 2, column: 4),
            row("s1", treg, "TREG", .count, 5000, line: 2, column: 5),
        ]
        let (accepted, d) = validator.validate(ms, file: "plate.csv")
        #expect(accepted.count == 2)
        #expect(d.map(\.code) == ["implausible-value"])
        #expect(d.first?.message.hasPrefix("TREG is 25 % of CD4 (100 × 5000 / 20000) in sample 's1'") == true)
        #expect(d.first?.location.column == 5)
    }

    @Test func panelRangeOverridesTheCatalogue() throws {
        let panel = Panel(id: "il2", mappings: [], plausibility: ["TREG": 2...30])
        let ms = [row("s1", treg, "TREG", .freqOfParent, 23.5, of: "CD4", line: 7, column: 9)]
        #expect(Validator(panel: panel).validate(ms, file: "f").diagnostics.isEmpty)
    }

    @Test func missingValuesAreNotChecked() {
        var m = row("s1", treg, "TREG", .freqOfParent, .nan, of: "CD4", line: 7, column: 9)
        m.qualifier = .notAvailable
        let (accepted, d) = validator.validate([m], file: "f")
        #expect(accepted.count == 1 && d.isEmpty)
    }

    @Test func derivedValuesAreCheckedForPlausibility() throws {
        // The FlowJo panel derives TREG % of CD4 from counts; a mis-mapped gate shows up here.
        let panel = try shippedPanel("treg-tfh-flowjo")
        let counts = [
            row("s1", trunk, "CD4", .count, 20000, line: 2, column: 4),
            row("s1", treg, "TREG", .count, 4000, line: 2, column: 5),
        ]
        let derived = PanelDerivedValues.derive(sampleMeasurements: counts, panel: panel)
        let (_, d) = Validator(panel: panel).validate(counts + derived, file: "plate.csv")
        #expect(d.map(\.code) == ["implausible-value"])
        #expect(d.first?.message.hasPrefix("TREG is 20 % of CD4 in sample 's1'") == true)
    }
}

@Suite("Cytometry panel steps")
struct CytometryPanelStepsTests {
    @Test func oneCallPerFile() throws {
        let panel = try shippedPanel("treg-tfh-flowjo")
        let linker = SampleLinker(
            rule: LinkageRule(pattern: try GatePattern(#"^(?<subject>IL2-\d{3})_(?<visit>D\d+)_(?<date>\d{8})"#), dateFormat: .yyyymmdd))
        var blood = BloodCounts()
        blood.add(subject: "IL2-001", date: "2024-03-05", lymphocytesPerMicrolitre: 1800)
        let s = "IL2-001_D0_20240305.fcs"
        let raw = [
            flow(s, "Lymphocytes", .count, 50000, line: 2, column: 2),
            flow(s, "Lymphocytes/Single Cells/Live/CD3+", .count, 35000, line: 2, column: 3),
            flow(s, trunk, .count, 20000, line: 2, column: 4),
            flow(s, trunk + "/CD25+FoxP3+", .count, 1234, line: 2, column: 5),
            flow(s, trunk + "/CD25+FoxP3+", .freqOfParent, 6.17, line: 2, column: 6),
            flow(s, trunk + "/HLA-DR+", .count, 900, line: 2, column: 7),
            flow("Unstained.fcs", trunk, .count, 12, line: 3, column: 4),
        ]
        let r = CytometryPanelSteps(panel: panel, linker: linker, bloodCounts: blood).process(raw, file: "plate1.csv")
        #expect(r.unmappedNames == [trunk + "/HLA-DR+"])
        #expect(r.unlinked.map(\.sample) == ["Unstained.fcs"])
        let treg = try #require(r.accepted.first { $0.analyte == "TREG" && $0.statistic == .freqOf })
        #expect(abs(treg.value - 6.17) < 1e-12 && treg.subject == "IL2-001" && treg.visit == "D0" && treg.collectionDate == "2024-03-05")
        let cd4abs = try #require(r.accepted.first { $0.analyte == "CD4" && $0.statistic == .absCount })
        #expect(abs(cd4abs.value - 720) < 1e-9) // 20000 / 50000 × 1800
        let codes = Set(r.diagnostics.map(\.code))
        #expect(codes.isSuperset(of: ["unmapped-population", "unknown-sample", "derivation-missing-input"]))
        #expect(!codes.contains("frequency-count-mismatch"))
    }
}
