import Domain
import Testing

@testable import Analysis

private func study(_ extra: String = "", blinded: Bool = false) throws -> StudyDefinition {
    var yaml = minimalStudyYAML
    if blinded {
        yaml = yaml.replacingOccurrences(
            of: "design: {randomized: false, blinded: false}",
            with: "design: {randomized: true, blinded: true}"
        )
        .replacingOccurrences(of: "  - {code: A, name: Active}", with: "  - {code: A, name: Active}\n  - {code: P, name: Placebo}")
    }
    return try StudyDefinition(yaml: yaml + extra, file: "test.yaml")
}

private func value(
    _ subject: String = "S1", _ date: String, _ v: Double, code: String = "TREG",
    qualifier: Qualifier = .inRange, text: String = "", lloq: Double = .nan,
    source: String = ""
) -> AnalysisValue {
    AnalysisValue(
        subject: subject, date: date, parameterCategory: "cytometry", parameterCode: code, value: v,
        valueText: text, qualifier: qualifier, lloq: lloq, source: source)
}

private let day1 = [FirstDose(subject: "S1", date: "2023-01-10")]

@Suite struct StudyDayTests {
    @Test func thereIsNoDayZero() throws {
        #expect(try Derive.studyDay(date: "2023-01-10", day1: "2023-01-10") == 1)
        #expect(try Derive.studyDay(date: "2023-01-11", day1: "2023-01-10") == 2)
        #expect(try Derive.studyDay(date: "2023-01-09", day1: "2023-01-10") == -1)
        #expect(try Derive.studyDay(date: "2022-12-11", day1: "2023-01-10") == -30)
        // Across a leap day: 2024-02-28 → 2024-03-01 is 2 days.
        #expect(try Derive.studyDay(date: "2024-03-01", day1: "2024-02-28") == 3)
    }

    @Test func invalidDateIsAnError() {
        #expect(throws: AnalysisError(code: "invalid-date", "'2023-02-30' is not a date (yyyy-mm-dd)")) {
            try Derive.studyDay(date: "2023-02-30", day1: "2023-01-10")
        }
    }
}

@Suite struct WindowTests {
    @Test func closestToTargetIsAnalysedAndATieGoesToTheLaterRecord() throws {
        // Week 4: target day 29. Day 27 (2023-02-05) and day 31 (2023-02-09) are both 2 days away.
        let ds = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2023-01-08", 4), value("S1", "2023-02-05", 5), value("S1", "2023-02-09", 6),
            ], study: study(), firstDoses: day1)
        let week4 = ds.records.filter { $0.analysisVisit == "Week 4" }
        #expect(week4.map(\.studyDay) == [27, 31])
        #expect(week4.map(\.analysisFlag) == [false, true])
    }

    @Test func closerRecordWinsOverALaterOne() throws {
        let ds = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2023-02-06", 5), value("S1", "2023-02-09", 6), // days 28 and 31
            ], study: study(), firstDoses: day1)
        #expect(ds.records.map(\.analysisFlag) == [true, false])
    }

    @Test func outsideEveryWindowHasNoAnalysisVisit() throws {
        // Day 50 falls between Week 4 (15…42) and Week 12 (71…98).
        let ds = try ChangeFromBaseline.derive(values: [value("S1", "2023-02-28", 5)], study: study(), firstDoses: day1)
        #expect(ds.records[0].studyDay == 50 && ds.records[0].analysisVisit == "" && !ds.records[0].analysisFlag)
    }

    @Test func twoValuesOnTheSameClosestDayAreNeitherAnalysed() throws {
        let ds = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2023-02-07", 5, source: "a.csv:2"), value("S1", "2023-02-07", 7, source: "a.csv:3"),
            ], study: study(), firstDoses: day1)
        #expect(ds.records.allSatisfy { !$0.analysisFlag })
        #expect(ds.records[0].note.contains("different value: not analysed at Week 4"))
    }
}

@Suite struct BaselineTests {
    @Test func lastNonMissingOnOrBeforeDay1() throws {
        let ds = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2022-12-20", 3), value("S1", "2023-01-03", 4),
                value(
                    "S1", "2023-01-10", .nan,
                    qualifier: .notAvailable),
                value("S1", "2023-02-07", 6),
            ], study: study(), firstDoses: day1)
        let r = ds.records
        #expect(r.map(\.baselineFlag) == [false, true, false, false])
        #expect(r[1].analysisVisit == "Baseline" && r[1].analysisFlag)
        #expect(r[3].base == 4 && r[3].change == 2 && r[3].percentChange == 50 && r[3].ratioToBase == 1.5)
        #expect(close(r[3].log2RatioToBase, 0.5849625007211562))
        // Neither the baseline nor earlier records get a change.
        #expect(r[0].change == nil && r[1].change == nil)
    }

    @Test func strictlyBeforeDay1WhenTheStudySaysSo() throws {
        let s = try study().with { $0.baseline.kind = .lastBeforeDay1 }
        let ds = try ChangeFromBaseline.derive(
            values: [value("S1", "2023-01-03", 4), value("S1", "2023-01-10", 5)],
            study: s, firstDoses: day1)
        #expect(ds.records.map(\.baselineFlag) == [true, false])
        #expect(ds.records[1].change == 1)
    }

    @Test func twoCandidateBaselinesAreAnErrorNamingBoth() throws {
        #expect(
            throws: AnalysisError(
                code: "duplicate-baseline",
                "two candidate baselines for subject S1, TREG on 2023-01-10: 4.0 (plate1.csv line 12) and 4.5 (plate2.csv line 7)")
        ) {
            try ChangeFromBaseline.derive(
                values: [
                    value("S1", "2023-01-10", 4, source: "plate1.csv line 12"),
                    value("S1", "2023-01-10", 4.5, source: "plate2.csv line 7"),
                    value("S1", "2023-01-03", 3),
                ], study: study(), firstDoses: day1)
        }
    }

    @Test func repeatedIdenticalBaselineIsNotAnError() throws {
        let ds = try ChangeFromBaseline.derive(
            values: [value("S1", "2023-01-10", 4), value("S1", "2023-01-10", 4)],
            study: study(), firstDoses: day1)
        #expect(ds.records.filter(\.baselineFlag).count == 1)
    }

    @Test func baselineZeroHasNoPercentOrRatio() throws {
        let ds = try ChangeFromBaseline.derive(
            values: [value("S1", "2023-01-09", 0), value("S1", "2023-02-07", 3)],
            study: study(), firstDoses: day1)
        let post = ds.records[1]
        #expect(post.base == 0 && post.change == 3)
        #expect(post.percentChange == nil && post.ratioToBase == nil && post.log2RatioToBase == nil)
    }

    @Test func negativeBaselineUsesItsAbsoluteValue() throws {
        let ds = try ChangeFromBaseline.derive(
            values: [value("S1", "2023-01-09", -2), value("S1", "2023-02-07", -1)],
            study: study(), firstDoses: day1)
        #expect(ds.records[1].change == 1 && ds.records[1].percentChange == 50)
        #expect(ds.records[1].ratioToBase == 0.5 && ds.records[1].log2RatioToBase == nil)
    }

    @Test func mixedUnitsAreAnError() {
        var a = value("S1", "2023-01-09", 12, code: "CRP", source: "lab.csv:2")
        a.unit = "mg/L"
        var b = value("S1", "2023-02-07", 0.8, code: "CRP", source: "lab.csv:9")
        b.unit = "mg/dL"
        #expect(
            throws: AnalysisError(
                code: "mixed-units",
                "subject S1, CRP is in mg/L (lab.csv:2) and in mg/dL (lab.csv:9): convert to one unit before change from baseline")
        ) {
            try ChangeFromBaseline.derive(values: [a, b], study: study(), firstDoses: day1)
        }
    }

    @Test func subjectWithoutFirstDoseIsWarnedAbout() throws {
        let ds = try ChangeFromBaseline.derive(values: [value("S2", "2023-01-09", 2)], study: study(), firstDoses: day1)
        #expect(ds.warnings == ["subject S2 has no first dose date: no study day, visit or baseline"])
        #expect(ds.records[0].studyDay == nil && !ds.records[0].baselineFlag)
    }

    @Test func twoFirstDosesForOneSubjectAreAnError() {
        #expect(
            throws: AnalysisError(
                code: "duplicate-first-dose",
                "subject S1 has two first dose dates: 2023-01-10 and 2023-01-12")
        ) {
            try ChangeFromBaseline.derive(
                values: [], study: study(),
                firstDoses: day1 + [FirstDose(subject: "S1", date: "2023-01-12")])
        }
    }
}

@Suite struct LLOQTests {
    @Test func halfTheLimitAndStillFlagged() throws {
        let ds = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2023-01-09", .nan, code: "IL6", qualifier: .belowLLOQ, text: "< 0.105", lloq: 0.105),
                value("S1", "2023-02-07", 0.42, code: "IL6"),
            ], study: study(), firstDoses: day1)
        let b = ds.records[0]
        #expect(b.value == 0.0525 && b.qualifier == .belowLLOQ && b.valueText == "< 0.105" && b.baselineFlag)
        #expect(b.note == "AVAL = LLOQ/2 = 0.0525 from < 0.105")
        #expect(close(ds.records[1].ratioToBase, 8))
    }

    @Test func studyLimitForOutOfRangeWithoutANumber() throws {
        let s = try study("\nlloq: {rule: lloq, limits: {IL6: 0.2}}")
        let ds = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2023-01-09", .nan, code: "IL6", qualifier: .belowLLOQ, text: "OOR <")
            ], study: s, firstDoses: day1)
        #expect(ds.records[0].value == 0.2 && ds.records[0].lloq == 0.2)
    }

    @Test func unknownLimitOrMissingRuleLeavesAVALMissing() throws {
        let none = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2023-01-09", .nan, code: "IL6", qualifier: .belowLLOQ, text: "OOR <")
            ], study: study(), firstDoses: day1)
        #expect(none.records[0].value.isNaN && none.records[0].note == "below LLOQ (OOR <) with no known limit: AVAL missing")
        #expect(!none.records[0].baselineFlag)

        let s = try study("\nlloq: {rule: missing}")
        let missing = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2023-01-09", .nan, code: "IL6", qualifier: .belowLLOQ, text: "< 0.105", lloq: 0.105)
            ], study: s, firstDoses: day1)
        #expect(missing.records[0].value.isNaN && missing.records[0].qualifier == .belowLLOQ)
    }
}

@Suite struct SecondBaselineTests {
    static let extra = """

        second_baseline: {basetype: OPEN-LABEL, period: open-label, visit: Week 12, visits: [Week 24]}
        """

    @Test func placeboSwitcherGetsAnOpenLabelBaseline() throws {
        var yaml = minimalStudyYAML.replacingOccurrences(
            of: "baseline: {visit: Baseline}",
            with: "baseline: {visit: Baseline, basetype: DOUBLE-BLIND}")
        yaml = yaml.replacingOccurrences(
            of: "design: {randomized: false, blinded: false}",
            with: """
                design:
                  randomized: false
                  blinded: false
                  periods: [{name: double-blind, start_day: 1, end_day: 84}, {name: open-label, start_day: 85, end_day: 168}]
                """)
        let s = try StudyDefinition(yaml: yaml + Self.extra, file: "t.yaml")
        let doses = day1 + [FirstDose(subject: "S1", date: "2023-04-05", period: "open-label")] // day 86
        let ds = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2023-01-09", 4), value("S1", "2023-04-04", 5), value("S1", "2023-06-27", 8), // days -1, 85, 169
            ], study: s, firstDoses: doses)
        let db = ds.records.filter { $0.basetype == "DOUBLE-BLIND" }
        let ol = ds.records.filter { $0.basetype == "OPEN-LABEL" }
        #expect(db.count == 3 && db.last?.change == 4)
        #expect(ol.map(\.studyDay) == [85, 169])
        #expect(ol[0].baselineFlag && ol[0].analysisVisit == "Week 12")
        #expect(ol[1].base == 5 && ol[1].change == 3 && ol[1].analysisVisit == "Week 24" && ol[1].analysisFlag)
    }
}

@Suite struct ArmTests {
    @Test func blindedWithoutRandomizationIsPooled() throws {
        let ds = try ChangeFromBaseline.derive(
            values: [value("S1", "2023-01-09", 4)], study: study(blinded: true),
            firstDoses: day1)
        #expect(ds.blinded && ds.records[0].arm == "")
    }

    @Test func randomizationFileUnblinds() throws {
        let ds = try ChangeFromBaseline.derive(
            values: [value("S1", "2023-01-09", 4), value("S2", "2023-01-09", 4)],
            study: study(blinded: true), firstDoses: day1,
            arms: [ArmAssignment(subject: "S1", arm: "P")])
        #expect(!ds.blinded && ds.records.map(\.arm) == ["P", ""])
        #expect(ds.warnings.contains("subject S2 is not in the randomization file: ARM left empty"))
    }

    @Test func singleArmStudyKnowsItsArm() throws {
        let ds = try ChangeFromBaseline.derive(values: [value("S1", "2023-01-09", 4)], study: study(), firstDoses: day1)
        #expect(!ds.blinded && ds.records[0].arm == "A")
    }
}

extension StudyDefinition {
    func with(_ change: (inout StudyDefinition) -> Void) -> StudyDefinition {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A baseline collected long before the Baseline window is still the baseline (the rule decides,
/// not the window) but never silently: the derivation warns with the record's place.
@Suite struct BaselineOutsideWindowTests {
    @Test func aBaselineFromLongBeforeTheWindowIsWarned() throws {
        // Day 1 is 2023-01-10; 2022-06-01 is day -223, far before the Baseline window.
        let far = try ChangeFromBaseline.derive(
            values: [
                value("S1", "2022-06-01", 4, source: "flow.csv:12:3"), value("S1", "2023-02-07", 5),
            ], study: study(), firstDoses: day1)
        #expect(far.records.first { $0.baselineFlag }?.studyDay == -223)
        let warning = try #require(far.warnings.first { $0.contains("[baseline-outside-window]") })
        #expect(warning.hasPrefix("flow.csv:12:3: baseline of subject S1, TREG was collected on study day -223"))
        // A baseline inside the window raises nothing.
        let near = try ChangeFromBaseline.derive(
            values: [value("S1", "2023-01-08", 4), value("S1", "2023-02-07", 5)],
            study: study(), firstDoses: day1)
        #expect(!near.warnings.contains { $0.contains("[baseline-outside-window]") })
    }
}
