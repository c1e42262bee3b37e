import Domain
import Foundation
import Testing

@testable import Readers

/// A clinical fixture by its role folder and name (`Fixtures/clinical/<role>/<name>`).
private func fixture(_ role: ClinicalRole, _ name: String) -> SourceFile {
    SourceFile(path: Fixtures.path("clinical/\(role.rawValue)/\(name)"))
}

@Suite struct ClinicalReadersTests {
    @Test func assessmentsKeepNumbersGradesCensoredAndNotDone() throws {
        let result = try ClinicalAssessmentReader().read(fixture(.assessments, "assessments.csv"))
        let r = result.records
        #expect(r.count == 6)
        #expect(r[0].instrument == "MMT8" && r[0].item == "TOTAL" && r[0].value == 58)
        #expect(r[1].item == "CK" && r[1].upperLimitOfNormal == 190 && r[1].unit == "U/L")
        #expect(r[2].value.isNaN && r[2].text == "B")
        // A censored laboratory value keeps its limit as the number and its text as written.
        #expect(r[3].value == 0.5 && r[3].text == "<0.5")
        // `ND` is kept as a missing item (empty item → TOTAL), not dropped.
        #expect(r[4].item == "TOTAL" && r[4].value.isNaN && r[4].text == "ND")
        #expect(r[5].date == "2023-04-04" && r[5].value == 4.5)
        #expect(r[0].source.line == 2 && r[0].source.column == 6)

        let errors = result.errors
        #expect(errors.count == 3)
        #expect(errors[0].code == "missing-subject" && errors[0].location.line == 8 && errors[0].location.column == 1)
        #expect(errors[1].code == "invalid-date" && errors[1].location.line == 9 && errors[1].location.column == 3)
        #expect(errors[1].message == "date '04/04/2023' is not a date (expected yyyy-mm-dd)")
        #expect(errors[2].code == "non-numeric-value" && errors[2].location.line == 10 && errors[2].location.column == 8)
        #expect(errors[2].message == "uln 'high' is not a number")
    }

    @Test func assessmentsReadDecimalCommaInSemicolonFiles() throws {
        let result = try ClinicalAssessmentReader().read(fixture(.assessments, "assessments_semicolon.csv"))
        #expect(result.errors.isEmpty)
        #expect(result.records.map(\.value) == [61.5])
    }

    @Test func missingRequiredColumnsRejectTheFile() throws {
        #expect {
            try ClinicalAssessmentReader().read(fixture(.assessments, "missing_column.csv"))
        } throws: { error in
            guard let e = error as? FileRejected else { return false }
            return e.diagnostic.code == "missing-column" && e.diagnostic.message == "required column missing: instrument"
                && e.diagnostic.location.line == 1
        }
    }

    @Test func firstDosesOnePerPeriod() throws {
        let result = try FirstDoseReader().read(fixture(.firstDose, "first_dose.csv"))
        #expect(result.records.map(\.subject) == ["DM-001", "DM-001", "DM-002"])
        #expect(result.records[1].period == "open-label")
        #expect(result.errors.map(\.code) == ["duplicate-first-dose", "invalid-date"])
        #expect(result.errors[0].message == "subject DM-002 already has a first dose on line 4")
        #expect(result.errors[0].location.line == 5)
    }

    @Test func bloodCountsConvertToCellsPerMicrolitre() throws {
        let g = try BloodCountReader().read(fixture(.bloodCounts, "blood_counts_g_per_l.csv"))
        // "1,2" in a comma file is not a number: rejected, not read as 12 or 1.2.
        #expect(g.records.map(\.lymphocytesPerMicroliter) == [1450])
        #expect(g.errors.map(\.code) == ["non-numeric-value", "negative-count"])

        let u = try BloodCountReader().read(fixture(.bloodCounts, "blood_counts_unit_column.csv"))
        #expect(u.records.map(\.lymphocytesPerMicroliter) == [1200, 1100])
        #expect(u.errors.map(\.code) == ["unknown-unit"])
        #expect(u.errors[0].location.line == 4 && u.errors[0].location.column == 4)

        let none = try BloodCountReader().read(fixture(.bloodCounts, "blood_counts_no_unit.csv"))
        #expect(none.records.isEmpty)
        #expect(none.errors.map(\.code) == ["missing-unit"])
    }

    @Test func glucocorticoidsAsPrednisoneEquivalent() throws {
        let result = try GlucocorticoidReader().read(fixture(.glucocorticoids, "glucocorticoids.csv"))
        #expect(result.records.count == 3)
        #expect(result.records[0].prednisoneEquivalentMg == 20)
        #expect(result.records[1].prednisoneEquivalentMg == 20) // 16 mg methylprednisolone
        #expect(result.records[1].endDate == "")
        #expect(result.records[2].prednisoneEquivalentMg.isNaN)
        #expect(result.warnings.map(\.code) == ["unknown-glucocorticoid"])
        #expect(result.errors.map(\.code) == ["end-before-start"])
    }

    @Test func adverseEventsGradesAndSeriousness() throws {
        let result = try AdverseEventReader().read(fixture(.adverseEvents, "adverse_events.csv"))
        #expect(result.records.map(\.grade) == [1, 3])
        #expect(result.records.map(\.serious) == [false, true])
        #expect(result.errors.map(\.code) == ["invalid-grade", "invalid-flag"])
        #expect(result.errors[0].message == "grade '6' is not a CTCAE grade 1–5")
    }

    @Test func randomizationRejectsASubjectListedTwice() throws {
        let result = try RandomizationReader().read(fixture(.randomization, "randomization.csv"))
        #expect(result.records.map(\.arm) == ["IL2", "PBO"])
        #expect(result.errors.map(\.message) == ["subject DM-001 is already randomized on line 2"])
    }
}
