import Domain
import Testing

@testable import Analysis

/// Hand-worked glucocorticoid exposure at visits and adverse-event counts.
@Suite struct GlucocorticoidAndSafetyTests {
    static func study() throws -> StudyDefinition { try StudyDefinition(yaml: minimalStudyYAML, file: "t.yaml") }
    static let day1 = "2023-01-10"
    static let firstDoses = ["S1", "S2", "S3"].map { FirstDose(subject: $0, date: day1) }

    static func dose(_ s: String, _ drug: String, _ mg: Double, _ start: String, _ end: String = "", line: Int = 2) -> GlucocorticoidDose {
        GlucocorticoidDose(
            subject: s, drug: drug, dailyDoseMg: mg,
            prednisoneEquivalentMg: GlucocorticoidDose.prednisoneFactors[drug.lowercased()].map { $0 * mg } ?? .nan,
            startDate: start, endDate: end, source: SourceLocation(file: "gc.csv", line: line))
    }

    @Test func civilDatesRoundTrip() {
        for iso in ["1970-01-01", "2000-02-29", "2023-01-10", "2023-06-27", "1999-12-31", "2400-03-01"] {
            #expect(CivilDate(iso: iso)?.iso == iso)
        }
        #expect((CivilDate(iso: "2023-01-10")! + 168).iso == "2023-06-27")
        #expect(CivilDate(iso: "2023-02-29") == nil && CivilDate(iso: "2023-1-10") == nil)
    }

    /// `CivilDate(iso:)` reads plain ten-byte dates from their bytes and the rest by splitting
    /// on dashes: both give what the splitting rule alone gives (`splitRule`), on every
    /// day of four years with month and day one past either end, and on texts one byte off.
    @Test func isoDatesReadByEitherPathAsTheSplittingRule() {
        func splitRule(_ iso: String) -> CivilDate? {
            let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
                (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(month: m, year: y)
            else { return nil }
            return CivilDate(y, m, d)
        }
        var texts: [String] = []
        for y in [1900, 2000, 2023, 2024] {
            for m in 0...13 {
                for d in 0...32 { texts.append("\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)") }
            }
        }
        texts += [
            "2023-+1-05", "+202-01-05", "2023-01-+5", "2023-01-1a", "2023/01/10", "2023-01-10 ", " 2023-01-10", "",
            "2023-1-10", "20230-1-10", "２０２３-01-10", "2023-0\u{301}1-05", "2023--1-05", "0000-01-01", "9999-12-31",
        ]
        var valid = 0
        for text in texts {
            #expect(CivilDate(iso: text) == splitRule(text), "\(text)")
            if CivilDate(iso: text) != nil { valid += 1 }
        }
        // Every day of 1900, 2000 (leap), 2023 and 2024 (leap); five of the others (signs and the ends of the range).
        #expect(valid == 365 + 366 + 365 + 366 + 5)
    }

    @Test func doseOnEachVisitTargetDay() throws {
        let doses = [
            Self.dose("S1", "Prednisone", 10, "2022-12-01", "2023-02-28"),
            Self.dose("S1", "Prednisone", 5, "2023-03-01"),
            // 4 mg methylprednisolone = 5 mg prednisone, overlapping the first interval.
            Self.dose("S1", "Methylprednisolone", 4, "2023-01-01", "2023-01-31"),
            Self.dose("S3", "Budesonide", 9, "2023-01-01"),
            Self.dose("S9", "Prednisone", 20, "2023-01-01"), // never dosed: not in the study population
        ]
        let values = GlucocorticoidExposure.values(
            doses, study: try Self.study(), firstDoses: Self.firstDoses,
            lastContact: ["S1": "2023-04-10"])
        func at(_ s: String, _ visit: String) -> AnalysisValue? { values.first { $0.subject == s && $0.collectedVisit == visit } }
        // S1: 10 + 5 on Day 1, 10 on Day 29 (2023-02-07), 5 on Day 85 (2023-04-04).
        #expect(at("S1", "Baseline")?.value == 15)
        #expect(at("S1", "Baseline")?.date == "2023-01-10")
        #expect(at("S1", "Week 4")?.value == 10)
        #expect(at("S1", "Week 4")?.date == "2023-02-07")
        #expect(at("S1", "Week 12")?.value == 5)
        // Last contact 2023-04-10: Week 24 (2023-06-27, window to Day 197) is after it.
        #expect(at("S1", "Week 24") == nil)
        // S2 logged nothing: 0 mg/day, saying why.
        #expect(at("S2", "Week 24")?.value == 0)
        #expect(at("S2", "Baseline")?.valueText == "none logged")
        // S3's drug has no prednisone equivalent: missing, never guessed.
        let s3 = try #require(at("S3", "Week 4"))
        #expect(s3.value.isNaN && s3.qualifier == .notAvailable && s3.valueText.contains("Budesonide"))
        #expect(!values.contains { $0.subject == "S9" })
        #expect(values.allSatisfy { $0.parameterCode == "GC.PREDEQ" && $0.unit == "mg/day" && $0.parameterCategory == "clinical" })
        // No log given: nothing, not zeros.
        #expect(GlucocorticoidExposure.values(nil, study: try Self.study(), firstDoses: Self.firstDoses).isEmpty)

        // Through the change-from-baseline derivation like any parameter.
        let cfb = try ChangeFromBaseline.derive(values: values, study: try Self.study(), firstDoses: Self.firstDoses)
        let w12 = try #require(cfb.records.first { $0.subject == "S1" && $0.analysisVisit == "Week 12" })
        #expect(w12.base == 15 && w12.change == -10)
        #expect(close(w12.percentChange, -200.0 / 3))
    }

    @Test func treatmentEmergentEventsByArm() throws {
        let events = [
            AdverseEvent(subject: "S1", term: "Headache", grade: 1, onset: "2023-01-20"),
            AdverseEvent(subject: "S1", term: "Headache", grade: 2, onset: "2023-02-01"),
            AdverseEvent(subject: "S1", term: "Pneumonia", grade: 3, onset: "2023-03-01", serious: true),
            AdverseEvent(subject: "S2", term: "Headache", grade: 1, onset: "2023-01-05"), // before Day 1
            AdverseEvent(subject: "S3", term: "Nausea", grade: 1, onset: "2023-01-10"), // on Day 1: emergent
            AdverseEvent(
                subject: "S3", term: "Rash", grade: 1, onset: "2023-13-01",
                source: SourceLocation(file: "ae.csv", line: 7)),
            AdverseEvent(subject: "S9", term: "Fatigue", grade: 1, onset: "2023-02-01"), // never dosed
        ]
        let arms = ["S1": "A", "S2": "A", "S3": "P"]
        let summary = AdverseEventSummary(events, firstDoses: Self.firstDoses, study: try Self.study()) { arms[$0] ?? "" }
        #expect(summary.arms == ["A", "P", "ALL"])
        func row(_ category: String, _ term: String, _ arm: String) -> AdverseEventSummary.Row? {
            summary.rows.first { $0.category == category && $0.term == term && $0.arm == arm }
        }
        #expect(row("any", "", "A") == .init(category: "any", term: "", arm: "A", subjects: 1, events: 3, population: 2))
        #expect(row("any", "", "P")?.subjects == 1 && row("any", "", "P")?.events == 1 && row("any", "", "P")?.population == 1)
        #expect(row("any", "", "ALL")?.subjects == 2 && row("any", "", "ALL")?.events == 4 && row("any", "", "ALL")?.population == 3)
        #expect(row("grade>=3", "", "A")?.subjects == 1 && row("grade>=3", "", "P")?.subjects == 0)
        #expect(row("serious", "", "ALL")?.events == 1)
        #expect(row("term", "Headache", "A")?.events == 2 && row("term", "Headache", "A")?.subjects == 1)
        let terms = summary.rows.filter { $0.category == "term" && $0.arm == "ALL" }.map(\.term)
        #expect(terms == ["Headache", "Nausea", "Pneumonia"])
        #expect(summary.excluded.contains { $0.hasPrefix("ae.csv:7:") })
        #expect(summary.excluded.contains { $0.hasPrefix("1 event(s) with onset before the first dose") })
        #expect(summary.excluded.contains { $0.hasPrefix("1 event(s) of subjects without a first dose") })

        // Blinded: no arm known, one pooled column.
        let pooled = AdverseEventSummary(events, firstDoses: Self.firstDoses, study: try Self.study()) { _ in "" }
        #expect(pooled.arms == ["ALL"])
    }
}
