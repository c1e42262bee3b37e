import Domain
import TestSupport
import Testing

@testable import Analysis

/// A clinical visit from (baseline, value) pairs by PARAMCD; text pairs for BILAG grades.
private func visit(
    _ numbers: [String: (Double, Double)], text: [String: (String, String)] = [:],
    uln: [String: Double] = [:], units: [String: String] = [:]
) -> ClinicalVisit {
    var obs: [String: ClinicalObservation] = [:]
    for (code, (b, v)) in numbers {
        obs[code] = ClinicalObservation(
            value: v, text: "", unit: units[code] ?? "", base: b, baseText: "",
            upperLimitOfNormal: uln[code] ?? .nan, baseUpperLimitOfNormal: uln[code] ?? .nan,
            note: "", baseNote: "")
    }
    for (code, (b, v)) in text {
        obs[code] = ClinicalObservation(
            value: .nan, text: v, unit: "", base: .nan, baseText: b,
            upperLimitOfNormal: .nan, baseUpperLimitOfNormal: .nan, note: "", baseNote: "")
    }
    return ClinicalVisit(
        studyID: "T", subject: "S1", basetype: "", visit: "Week 12", visitNumber: 12,
        observations: obs, baselineOnly: [:])
}

/// The myositis core set of the hand-worked example (adult, MMT-8 0–80):
/// PHGA 6→3 (30 %: 17.5), PTGA 7→6 (10 %: 2.5), MMT 60→68 (10 %: 10), HAQ 1.5→1.2 (10 %: 5),
/// CK 1000→500 with ULN 200 (most abnormal, 5× ULN; relative 50 %: 7.5), extramuscular 2→2.5
/// (worse: 0). TIS = 42.5.
private func myositisCase(mmt: (Double, Double) = (60, 68), phga: (Double, Double) = (6, 3)) -> ClinicalVisit {
    visit(
        [
            "PHGA.TOTAL": phga, "PTGA.TOTAL": (7, 6), "MMT8.TOTAL": mmt, "HAQ.TOTAL": (1.5, 1.2),
            "EXTRAMUSCULAR.TOTAL": (2, 2.5), "ENZYMES.CK": (1000, 500), "ENZYMES.ALDOLASE": (30, 29),
        ],
        uln: ["ENZYMES.CK": 200, "ENZYMES.ALDOLASE": 7.6])
}

@Suite struct TotalImprovementScoreTests {
    @Test func handWorkedAdultCase() {
        let r = TotalImprovementScore.evaluate(myositisCase(), parameters: .init())
        #expect(r.score == 42.5 && r.category == "moderate" && r.responder == .yes)
        #expect(r.reason == "enzyme: CK")
    }

    @Test func juvenileThresholds() {
        let r = TotalImprovementScore.evaluate(myositisCase(), parameters: .init(population: .juvenile))
        #expect(r.score == 42.5 && r.category == "minimal" && r.responder == .yes)
    }

    @Test func bandEdgesAreInclusiveAbove() {
        // 1.5 points on a 0–10 VAS is exactly 15 %: the >5–15 band (7.5), not the next one.
        #expect(
            TotalImprovementScore.points(
                .physicianGlobal,
                percentImprovement: TotalImprovementScore.absolutePercentImprovement(
                    base: 6, value: 4.5, range: 0...10,
                    higherIsBetter: false)) == 7.5)
        #expect(TotalImprovementScore.points(.mmt, percentImprovement: 2) == 0)
        #expect(TotalImprovementScore.points(.mmt, percentImprovement: 2.01) == 10)
        #expect(TotalImprovementScore.points(.mmt, percentImprovement: 30.5) == 32.5)
        #expect(TotalImprovementScore.points(.haq, percentImprovement: 41) == 10)
        #expect(TotalImprovementScore.points(.enzyme, percentImprovement: 41) == 7.5)
        #expect(TotalImprovementScore.points(.extramuscular, percentImprovement: -30) == 0)
        #expect(TotalImprovementScore.points(.patientGlobal, percentImprovement: 100) == 10)
    }

    @Test func mmtScaleOf150ChangesThePoints() {
        // MMT 60→68 is 8/150 = 5.3 %: 10 points either way; 60→80 is 13.3 % on 0–150 (20) but 25 % on 0–80 (27.5).
        let on150 = TotalImprovementScore.evaluate(myositisCase(mmt: (60, 80)), parameters: .init(mmtScale: 150))
        let on80 = TotalImprovementScore.evaluate(myositisCase(mmt: (60, 80)), parameters: .init(mmtScale: 80))
        #expect(on150.score == 52.5 && on80.score == 60)
        #expect(on80.category == "major")
    }

    @Test func missingComponentGivesMissingWithReason() {
        var v = myositisCase()
        v.observations["HAQ.TOTAL"] = nil
        v.observations["ENZYMES.CK"]?.value = .nan
        let r = TotalImprovementScore.evaluate(v, parameters: .init())
        #expect(r.score == nil && r.responder == .missing && r.category == "")
        #expect(r.reason == "missing: HAQ at baseline; CK (most abnormal enzyme at baseline) at Week 12")
    }

    @Test func enzymeWithoutULNCannotBeRanked() {
        var v = myositisCase()
        v.observations["ENZYMES.CK"]?.baseUpperLimitOfNormal = .nan
        #expect(TotalImprovementScore.evaluate(v, parameters: .init()).reason == "missing: upper limit of normal of CK")
        // …unless the study gives one.
        #expect(TotalImprovementScore.evaluate(v, parameters: .init(enzymeULN: ["CK": 200])).score == 42.5)
    }

    @Test func valueOutsideTheScaleIsNotScored() {
        let r = TotalImprovementScore.evaluate(myositisCase(phga: (6, 30)), parameters: .init())
        #expect(r.responder == .missing)
        #expect(r.reason == "missing: physician global activity outside its scale 0.0–10.0 (baseline 6.0, Week 12 30.0)")
    }
}

@Suite struct IMACSImprovementTests {
    @Test func handWorkedCase() {
        // Relative: PHGA +50 %, PTGA +14 %, MMT +13 %, HAQ +20 % (edge), CK +50 %, extramuscular −25 % (edge).
        let r = IMACSDefinitionOfImprovement.evaluate(myositisCase(), parameters: .init())
        #expect(r.score == 3 && r.responder == .yes && r.category == "improved")
        #expect(
            r.reason == "improved ≥20 %: physician global activity, HAQ, most abnormal muscle enzyme; worse ≥25 %: extramuscular activity")
    }

    @Test func worseMMTPreventsImprovement() {
        let r = IMACSDefinitionOfImprovement.evaluate(myositisCase(mmt: (60, 45)), parameters: .init())
        #expect(r.score == 3 && r.responder == .no)
        #expect(r.reason.hasSuffix("worse ≥25 %: MMT-8, extramuscular activity"))
    }

    @Test func baselineZeroCannotImproveAndAnyRiseIsWorse() {
        #expect(IMACSDefinitionOfImprovement.relativeImprovement(base: 0, value: 0, higherIsBetter: false) == 0)
        #expect(IMACSDefinitionOfImprovement.relativeImprovement(base: 0, value: 1, higherIsBetter: false) == -.infinity)
    }

    @Test func missingComponent() {
        var v = myositisCase()
        v.observations["PTGA.TOTAL"]?.value = .nan
        #expect(IMACSDefinitionOfImprovement.evaluate(v, parameters: .init()).reason == "missing: patient global activity at Week 12")
    }
}

/// SLEDAI-2K descriptors present (1) among the 24; the rest absent (0).
private func descriptors(_ present: [String]) -> [String: Double] {
    Dictionary(uniqueKeysWithValues: SRI4.sledaiWeights.map { ($0.item, present.contains($0.item) ? 1.0 : 0.0) })
}

private func sleCase(
    baseline: [String], now: [String], pga: (Double, Double) = (1.5, 1.7),
    bilag: [String: (String, String)] = [:]
) -> ClinicalVisit {
    let b = descriptors(baseline), n = descriptors(now)
    var numbers: [String: (Double, Double)] = ["PGA.TOTAL": pga]
    for (item, _) in SRI4.sledaiWeights { numbers["SLEDAI2K.\(item)"] = (b[item]!, n[item]!) }
    return visit(numbers, text: Dictionary(uniqueKeysWithValues: bilag.map { ("BILAG.\($0.key)", $0.value) }))
}

@Suite struct SRI4Tests {
    static let baseline = ["ARTHRITIS", "PROTEINURIA", "RASH", "LOW_COMPLEMENT", "INCREASED_DNA_BINDING"] // 14
    static let week12 = ["PROTEINURIA", "LOW_COMPLEMENT", "INCREASED_DNA_BINDING"] // 8

    @Test func weightsSumTo105() throws {
        #expect(SRI4.sledaiWeights.count == 24)
        #expect(SRI4.sledaiWeights.reduce(0) { $0 + $1.weight } == 105)
        #expect(try SRI4.sledaiTotal(descriptors: descriptors(Self.baseline)).get() == 14)
    }

    @Test func responderWithOneNewBILAGB() {
        let r = SRI4.evaluate(
            sleCase(
                baseline: Self.baseline, now: Self.week12,
                bilag: ["RENAL": ("B", "B"), "MUSCULOSKELETAL": ("B", "D"), "MUCOCUTANEOUS": ("C", "B")]),
            parameters: .init())
        #expect(r.score == 8 && r.change == -6 && r.responder == .yes && r.category == "response")
        #expect(r.reason == "SLEDAI-2K 14 → 8")
    }

    @Test func newBILAGAFails() {
        let r = SRI4.evaluate(
            sleCase(baseline: Self.baseline, now: Self.week12, bilag: ["RENAL": ("B", "A")]),
            parameters: .init())
        #expect(r.responder == .no && r.reason == "SLEDAI-2K 14 → 8; new BILAG A: RENAL")
    }

    @Test func physicianGlobalWorseByPointThreeFails() {
        let r = SRI4.evaluate(
            sleCase(
                baseline: Self.baseline, now: Self.week12, pga: (1.5, 1.8),
                bilag: ["RENAL": ("B", "C")]), parameters: .init())
        #expect(r.responder == .no && r.reason == "SLEDAI-2K 14 → 8; PGA worse by ≥ 0.3")
    }

    @Test func withoutBILAGTheResultSaysSo() {
        let r = SRI4.evaluate(sleCase(baseline: Self.baseline, now: Self.week12), parameters: .init())
        #expect(r.responder == .yes)
        #expect(r.reason == "SLEDAI-2K 14 → 8; BILAG not recorded: no-new-BILAG-A/B condition not assessed")
    }

    @Test func reductionOfThreeIsNotEnough() {
        // 14 → 11: rash and low complement resolved (−4), fever appears (+1).
        let r = SRI4.evaluate(
            sleCase(baseline: Self.baseline, now: ["ARTHRITIS", "PROTEINURIA", "INCREASED_DNA_BINDING", "FEVER"]),
            parameters: .init())
        #expect(r.score == 11 && r.responder == .no && r.reason.contains("reduction < 4"))
    }

    @Test func totalsAreUsedWhenNoDescriptorIsGiven() {
        let r = SRI4.evaluate(visit(["SLEDAI2K.TOTAL": (10, 6), "PGA.TOTAL": (1, 1)]), parameters: .init())
        #expect(r.score == 6 && r.responder == .yes)
    }

    @Test func missingDescriptorAndInvalidGrade() {
        var v = sleCase(baseline: Self.baseline, now: Self.week12, bilag: ["RENAL": ("B", "X")])
        v.observations["SLEDAI2K.FEVER"] = nil
        let r = SRI4.evaluate(v, parameters: .init())
        #expect(r.responder == .missing && r.score == nil)
        #expect(
            r.reason
                == "missing: SLEDAI-2K descriptor FEVER at baseline; SLEDAI-2K descriptor FEVER at Week 12; BILAG RENAL at Week 12 ('X' is not A–E)"
        )
    }
}

private func pmrCase(crp: (Double, Double), crpUnit: String = "mg/dL") -> ClinicalVisit {
    visit(
        [
            "PMRAS.CRP": crp, "PMRAS.PAIN_VAS": (5, 1), "PMRAS.PHYSICIAN_VAS": (4, 1),
            "PMRAS.MORNING_STIFFNESS": (60, 10), "PMRAS.EUL": (2, 0),
        ], units: ["PMRAS.CRP": crpUnit])
}

@Suite struct PMRActivityScoreTests {
    @Test func formulaAndCategories() {
        #expect(
            PMRActivityScore.score(
                crpMgPerDL: 2.5, painVAS: 5, physicianVAS: 4, morningStiffnessMinutes: 60,
                elevationOfUpperLimbs: 2) == 19.5)
        #expect(PMRActivityScore.category(1.5) == .remission)
        #expect(PMRActivityScore.category(1.51) == .low)
        #expect(PMRActivityScore.category(7) == .medium)
        #expect(PMRActivityScore.category(17) == .medium)
        #expect(PMRActivityScore.category(17.1) == .high)
    }

    @Test func handWorkedChangeFromBaseline() {
        // Baseline 2.5 + 5 + 4 + 6 + 2 = 19.5 (high); week 12 0.5 + 1 + 1 + 1 + 0 = 3.5 (low).
        let r = PMRActivityScore.evaluate(pmrCase(crp: (2.5, 0.5)), parameters: .init())
        #expect(r.score == 3.5 && r.change == -16 && r.category == "low" && r.responder == .yes)
    }

    @Test func crpInMilligramsPerLitreIsConverted() {
        let r = PMRActivityScore.evaluate(pmrCase(crp: (25, 5), crpUnit: "mg/L"), parameters: .init())
        #expect(r.score == 3.5 && r.change == -16)
    }

    @Test func crpWithoutUnitIsNotGuessed() {
        let r = PMRActivityScore.evaluate(pmrCase(crp: (2.5, 0.5), crpUnit: ""), parameters: .init())
        #expect(r.responder == .missing && r.score == nil)
        #expect(r.reason == "missing: CRP unit at Week 12 is missing (mg/dL or mg/L needed)")
    }

    @Test func studyCanRequireRemission() {
        let r = PMRActivityScore.evaluate(pmrCase(crp: (2.5, 0.5)), parameters: .init(responderCategories: [.remission]))
        #expect(r.category == "low" && r.responder == .no)
    }
}

@Suite struct ClinicalResponsePipelineTests {
    static let yaml =
        minimalStudyYAML + "\n"
        + StudyYAML.myositisTIS(enzymes: "items: [CK, ALDOLASE, LDH, AST, ALT], uln: {CK: 200, ALDOLASE: 7.6}")

    @Test func assessmentsThroughBaselineWindowsToTIS() throws {
        let study = try StudyDefinition(yaml: Self.yaml, file: "t.yaml")
        var assessments: [ClinicalAssessment] = []
        func add(_ subject: String, _ date: String, _ instrument: String, _ item: String = "TOTAL", v: Double) {
            assessments.append(
                ClinicalAssessment(
                    subject: subject, visit: "", date: date, instrument: instrument,
                    item: item, value: v))
        }
        for (date, values) in [("2023-01-09", [6.0, 7, 60, 1.5, 2, 1000, 30]), ("2023-04-04", [3.0, 6, 68, 1.2, 2.5, 500, 29])] {
            add("S1", date, "PHGA", v: values[0])
            add("S1", date, "PTGA", v: values[1])
            add("S1", date, "MMT8", v: values[2])
            add("S1", date, "HAQ", v: values[3])
            add("S1", date, "EXTRAMUSCULAR", v: values[4])
            add("S1", date, "ENZYMES", "CK", v: values[5])
            add("S1", date, "ENZYMES", "ALDOLASE", v: values[6])
        }
        add("S2", "2023-01-09", "PHGA", v: 5) // S2 never seen again.
        let cfb = try ChangeFromBaseline.derive(
            values: assessments.map(AnalysisValue.init(assessment:)), study: study,
            firstDoses: [
                FirstDose(subject: "S1", date: "2023-01-10"),
                FirstDose(subject: "S2", date: "2023-01-10"),
            ])
        let responses = ClinicalResponse.evaluate(cfb.records, study: study)
        #expect(responses.count == 2)
        #expect(responses[0].subject == "S1" && responses[0].score == 42.5 && responses[0].responder == .yes)
        #expect(responses[0].visit == "Week 12" && responses[0].visitNumber == 12)
        #expect(responses[1].subject == "S2" && responses[1].responder == .missing)
        #expect(responses[1].reason == "missing: no clinical assessment in the Week 12 window")
    }

    @Test func censoredAndNotDoneClinicalValues() {
        let crp = AnalysisValue(
            assessment: ClinicalAssessment(
                subject: "S1", visit: "W4", date: "2023-02-01",
                instrument: "PMRAS", item: "CRP", value: 0.5, text: "<0.5"))
        #expect(crp.qualifier == .belowLLOQ && crp.lloq == 0.5 && crp.value.isNaN && crp.parameterCode == "PMRAS.CRP")
        let nd = AnalysisValue(
            assessment: ClinicalAssessment(
                subject: "S1", visit: "W4", date: "2023-02-01",
                instrument: "HAQ", value: .nan, text: "ND"))
        #expect(nd.qualifier == .notAvailable)
        let grade = AnalysisValue(
            assessment: ClinicalAssessment(
                subject: "S1", visit: "W4", date: "2023-02-01",
                instrument: "BILAG", item: "RENAL", value: .nan, text: "B"))
        #expect(grade.qualifier == .inRange && grade.valueText == "B")
    }
}

/// Responses evaluated a subject range at a time are joined into `evaluate`'s order.
@Suite struct ResponseMergeTests {
    /// Records of the given subjects under two criteria, visits out of order, two records of
    /// one visit (ties keep their order, as the stable sort does).
    private func part(_ subjects: [String]) -> [ResponseRecord] {
        var out: [ResponseRecord] = []
        for criterion in ["TIS", "IMACS_DOI"] {
            for s in subjects {
                for (visit, number) in [("Week 24", 24), ("Week 12", 12), ("Unscheduled", nil), ("Week 12", 12)] as [(String, Int?)] {
                    out.append(
                        ResponseRecord(
                            studyID: "S", subject: s, basetype: "DOUBLE-BLIND", visit: visit, visitNumber: number,
                            criterion: criterion, reason: "\(out.count)"))
                }
            }
        }
        return out
    }

    @Test func rangesOfAscendingSubjectsJoinWithoutASort() {
        let parts = [part(["DM01-001", "DM01-002"]), part(["DM01-003"]), [], part(["DM01-010", "DM01-011"])]
        let sorted = parts.map { $0.sorted(by: ClinicalResponse.inOrder) }
        #expect(ClinicalResponse.mergeSorted(sorted) == ClinicalResponse.merge(parts))
    }

    @Test func overlappingRangesFallBackToTheSort() {
        let parts = [part(["DM01-002", "DM01-010"]), part(["DM01-001", "DM01-003"])]
        let sorted = parts.map { $0.sorted(by: ClinicalResponse.inOrder) }
        #expect(ClinicalResponse.mergeSorted(sorted) == ClinicalResponse.merge(parts))
    }
}
