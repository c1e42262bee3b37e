import Domain
import Foundation
import Testing

@testable import Analysis

/// Rows of a numeric instrument that are text, or outside the instrument's declared range, are
/// errors at their cell and reach no criterion (DOI and TIS agree on them).
@Suite struct ClinicalAssessmentCheckTests {
    func row(_ instrument: String, _ value: Double, text: String = "", item: String = "TOTAL", line: Int) -> ClinicalAssessment {
        ClinicalAssessment(
            subject: "P01", visit: "Baseline", date: "2024-01-02", instrument: instrument, item: item,
            value: value, text: text, unit: "", upperLimitOfNormal: .nan,
            source: SourceLocation(file: "assessments.csv", line: line, column: 6))
    }

    @Test func textAndOutOfRangeValuesAreRejectedAtTheirCell() throws {
        // NCT04946669 declares PHGA with min 0, max 10 (pipelines/studies/NCT04946669.yaml).
        let study = try StudyDefinition.load(path: studiesDirectory + "/NCT04946669.yaml")
        let rows = [
            row("PHGA", .nan, text: "abc", line: 2),
            row("PHGA", 10.4, line: 3),
            row("PHGA", 10, line: 4),
            row("PHGA", .nan, text: "ND", line: 5),
            row("PTGA", -0.1, line: 6),
            row("BILAG", .nan, text: "B", item: "RENAL", line: 7),
        ]
        let checked = ClinicalAssessmentCheck.check(rows, study: study)
        #expect(
            checked.diagnostics.map { "\($0.code)@\($0.location.line):\($0.location.column)" }
                == ["non-numeric-value@2:6", "value-out-of-range@3:6", "value-out-of-range@6:6"])
        #expect(checked.diagnostics.allSatisfy { $0.severity == .error })
        #expect(checked.diagnostics[1].message.contains("PHGA.TOTAL value 10.4 is outside the instrument's range 0–10"))
        #expect(checked.records.map(\.source.line) == [4, 5, 7])
    }

    /// Hand-worked: ARTHRITIS (4) + RASH (2) + LOW_COMPLEMENT (2) present, every other descriptor
    /// absent: SLEDAI-2K = 8. A recorded total of 12 at that visit is a warning at the total's
    /// cell (the criteria use 8); a total of 8, or a total without descriptors, is silent.
    @Test func aSLEDAITotalThatDisagreesWithItsDescriptorsIsWarned() throws {
        let study = try StudyDefinition.load(path: studiesDirectory + "/NCT04946669.yaml")
        func visit(_ visit: String, total: Double?, present: Set<String>, line: Int) -> [ClinicalAssessment] {
            var rows = SRI4.sledaiWeights.enumerated().map { i, d in
                ClinicalAssessment(
                    subject: "L01", visit: visit, date: visit == "Baseline" ? "2024-01-02" : "2024-04-02",
                    instrument: "SLEDAI2K", item: d.item, value: present.contains(d.item) ? 1 : 0,
                    source: SourceLocation(file: "assessments.csv", line: line + i + 1, column: 6))
            }
            if let total {
                rows.append(
                    ClinicalAssessment(
                        subject: "L01", visit: visit, date: rows[0].date, instrument: "SLEDAI2K",
                        value: total, source: SourceLocation(file: "assessments.csv", line: line, column: 6)))
            }
            return rows
        }
        let rows =
            visit("Baseline", total: 12, present: ["ARTHRITIS", "RASH", "LOW_COMPLEMENT"], line: 100)
            + visit("Week 12", total: 8, present: ["ARTHRITIS", "RASH", "LOW_COMPLEMENT"], line: 200)
        let checked = ClinicalAssessmentCheck.check(rows, study: study)
        #expect(
            checked.diagnostics.map { "\($0.severity) \($0.code)@\($0.location.line):\($0.location.column)" }
                == ["warning sledai-total-mismatch@100:6"])
        #expect(checked.diagnostics.first?.message.contains("SLEDAI-2K total 12") == true)
        #expect(checked.diagnostics.first?.message.contains("(8)") == true)
        #expect(checked.records.count == rows.count) // a warning: nothing is dropped
    }
}
