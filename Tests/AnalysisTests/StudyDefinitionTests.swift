import Foundation
import TestSupport
import Testing

@testable import Analysis

/// The package's `pipelines/studies` folder.
let studiesDirectory = PackagePaths.path("pipelines/studies")

/// A minimal valid study; tests replace one line to break it.
let minimalStudyYAML = """
    study_id: TEST01
    condition: dermatomyositis
    design: {randomized: false, blinded: false}
    arms:
      - {code: A, name: Active}
    baseline: {visit: Baseline}
    visits:
      - {name: Baseline, avisitn: 0, target_day: 1, window_low: -28, window_high: 1}
      - {name: Week 4, avisitn: 4, target_day: 29, window_low: 15, window_high: 42}
      - {name: Week 12, avisitn: 12, target_day: 85, window_low: 71, window_high: 98}
      - {name: Week 24, avisitn: 24, target_day: 169, window_low: 141, window_high: 197}
    """

private func errorOf(_ yaml: String) -> StudyDefinitionError? {
    do {
        _ = try StudyDefinition(yaml: yaml, file: "test.yaml")
        return nil
    } catch let e as StudyDefinitionError {
        return e
    } catch {
        return nil
    }
}

@Suite struct StudyDefinitionTests {
    @Test func theFourSeededStudiesLoad() throws {
        let studies = try StudyDefinition.loadAll(directory: studiesDirectory)
        #expect(studies.map(\.studyID) == ["NCT02465580", "NCT04062006", "NCT04946669", "NCT05495321"])

        let dm = try #require(studies.first { $0.studyID == "NCT05495321" })
        #expect(dm.design.blinded && dm.arms.map(\.code) == ["IL2", "PBO"])
        #expect(dm.secondBaseline?.basetype == "OPEN-LABEL" && dm.secondBaseline?.period == "open-label")
        #expect(dm.visit(named: "Week 12")?.targetDay == 85)
        #expect(dm.mmtScale == 150)
        guard case .totalImprovementScore(let tis) = dm.responseCriteria[0].kind else {
            Issue.record("first criterion of NCT05495321 should be TIS")
            return
        }
        #expect(tis.mmtRange == 0...150 && tis.minimal == 20 && tis.haqRange == 0...3)
        #expect(tis.enzymeULN["CK"] == 200)
        #expect(dm.responseCriteria[0].primaryVisit == "Week 12")

        let aba = try #require(studies.first { $0.studyID == "NCT04946669" })
        #expect(aba.arms.count == 1 && !aba.design.blinded && aba.mmtScale == 80)

        let sle = try #require(studies.first { $0.studyID == "NCT02465580" })
        #expect(sle.responseCriteria.map(\.id) == ["SRI4"])
        #expect(sle.instrument("SLEDAI2K")?.items.count == 24)

        let pmr = try #require(studies.first { $0.studyID == "NCT04062006" })
        guard case .pmrActivityScore(let p) = pmr.responseCriteria[0].kind else {
            Issue.record("NCT04062006 should use PMR-AS")
            return
        }
        #expect(p.responderCategories == [.remission, .low])
        #expect(pmr.lloq.rule == .half)
    }

    @Test func minimalStudyUsesTheDefaults() throws {
        let s = try StudyDefinition(yaml: minimalStudyYAML, file: "test.yaml")
        #expect(s.baseline.kind == .lastOnOrBeforeDay1 && s.baseline.basetype == "")
        #expect(s.lloq.rule == .half && s.day1 == .firstDose && s.secondBaseline == nil)
    }

    @Test func wrongTypeNamesTheKeyPath() {
        let yaml = minimalStudyYAML.replacingOccurrences(of: "window_low: 141", with: "window_low: soon")
        let e = errorOf(yaml)
        #expect(e?.pathMessage == "visits[3].window_low: expected a whole number, found 'soon'")
        #expect(e?.line == 11)
    }

    @Test func missingKeyNamesTheKeyPath() {
        let yaml = minimalStudyYAML.replacingOccurrences(of: "target_day: 29, ", with: "")
        #expect(errorOf(yaml)?.pathMessage == "visits[1].target_day: required key 'target_day' is missing")
    }

    @Test func unknownKeyIsRejected() {
        let yaml = minimalStudyYAML.replacingOccurrences(of: "window_high: 42", with: "window_hi: 42")
        #expect(
            errorOf(yaml)?.pathMessage
                == "visits[1].window_hi: unknown key (expected one of: name, avisitn, target_day, window_low, window_high)")
    }

    @Test func studyDayZeroDoesNotExist() {
        let yaml = minimalStudyYAML.replacingOccurrences(of: "window_low: 15", with: "window_low: 0")
        #expect(
            errorOf(yaml)?.pathMessage
                == "visits[1].window_low: study day 0 does not exist (Day 1 is the first dose, the day before is Day -1)")
    }

    @Test func overlappingWindowsAreRejected() {
        let yaml = minimalStudyYAML.replacingOccurrences(of: "window_low: 71", with: "window_low: 40")
        #expect(errorOf(yaml)?.pathMessage == "visits[2].window_low: window 40…98 overlaps visits[1] 'Week 4' (15…42)")
    }

    @Test func targetOutsideItsWindow() {
        let yaml = minimalStudyYAML.replacingOccurrences(of: "target_day: 85", with: "target_day: 100")
        #expect(errorOf(yaml)?.pathMessage == "visits[2].target_day: 100 is outside the window 71…98")
    }

    @Test func unknownBaselineVisit() {
        let yaml = minimalStudyYAML.replacingOccurrences(of: "baseline: {visit: Baseline}", with: "baseline: {visit: Screening}")
        #expect(errorOf(yaml)?.pathMessage == "baseline.visit: 'Screening' is not a visit in visits")
    }

    @Test func invalidLLOQRuleAndMMTScale() {
        #expect(
            errorOf(minimalStudyYAML + "\nlloq: {rule: zero}")?.pathMessage
                == "lloq.rule: 'zero' is not one of lloq_half, lloq, missing")
        #expect(
            errorOf(minimalStudyYAML + "\nmmt_scale: 100")?.pathMessage
                == "mmt_scale: 100 is not an MMT-8 scale (80 or 150)")
    }

    @Test func criterionNeedsItsInstruments() {
        let yaml = minimalStudyYAML + "\nmmt_scale: 80\nresponse_criteria:\n  - {criterion: TIS, visits: [Week 12]}"
        #expect(errorOf(yaml)?.pathMessage == "response_criteria[0]: TIS needs instrument PHGA in instruments")
        let unknown = minimalStudyYAML + "\nresponse_criteria:\n  - {criterion: ACR20, visits: [Week 12]}"
        #expect(errorOf(unknown)?.pathMessage == "response_criteria[0].criterion: 'ACR20' is not one of IMACS_DOI, PMR_AS, SRI4, TIS")
        let wrongKey =
            minimalStudyYAML
            + "\ninstruments:\n  - {code: PMRAS}\nresponse_criteria:\n  - {criterion: PMR_AS, visits: [Week 12], population: adult}"
        #expect(
            errorOf(wrongKey)?.pathMessage
                == "response_criteria[0].population: unknown key (expected one of: criterion, visits, primary_visit, responder_categories)")
    }

    @Test func blindedSingleArmAndSecondBaselineChecks() {
        let blinded = minimalStudyYAML.replacingOccurrences(of: "blinded: false", with: "blinded: true")
        #expect(errorOf(blinded)?.pathMessage == "design.blinded: a study with a single arm cannot be blinded")
        let second = minimalStudyYAML + "\nsecond_baseline: {basetype: OL, period: open-label, visit: Week 12, visits: [Week 24]}"
        #expect(errorOf(second)?.pathMessage == "baseline.basetype: required when second_baseline is given (BASETYPE tells the two apart)")
    }

    @Test func duplicateKeyNamesItsLine() {
        // Checked by the same YAML layer as panel files: the same code and wording.
        let e = errorOf(minimalStudyYAML + "\ntitle: A\ntitle: B")
        #expect(e?.code == "yaml-duplicate-key")
        #expect(e?.message == "key 'title' written twice in the same mapping")
        #expect((e?.line ?? 0) > 0)
    }

    @Test func invalidYAMLIsReported() {
        // A syntax error names its line and column and its diagnostic code, as in panel files.
        let e = errorOf("study_id: [unclosed")
        #expect(e?.message.hasPrefix("YAML syntax: ") == true)
        #expect(e?.code == "yaml-syntax" && (e?.line ?? 0) > 0 && (e?.column ?? 0) > 0)
    }
}
