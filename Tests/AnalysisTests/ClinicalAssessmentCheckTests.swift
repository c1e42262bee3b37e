import Foundation
import Testing
import Domain
@testable import Analysis

/// Rows of a numeric instrument that are text, or outside the instrument's declared range, are
/// errors at their cell and reach no criterion (DOI and TIS agree on them).
@Suite struct ClinicalAssessmentCheckTests {
    func row(_ instrument: String, _ value: Double, text: String = "", item: String = "TOTAL", line: Int) -> ClinicalAssessment {
        ClinicalAssessment(subject: "P01", visit: "Baseline", date: "2024-01-02", instrument: instrument, item: item,
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
        #expect(checked.diagnostics.map { "\($0.code)@\($0.location.line):\($0.location.column)" }
                == ["non-numeric-value@2:6", "value-out-of-range@3:6", "value-out-of-range@6:6"])
        #expect(checked.diagnostics.allSatisfy { $0.severity == .error })
        #expect(checked.diagnostics[1].message.contains("PHGA.TOTAL value 10.4 is outside the instrument's range 0–10"))
        #expect(checked.records.map(\.source.line) == [4, 5, 7])
    }
}
