import Domain
import TestSupport
import Testing

@testable import Analysis

/// Eight subjects, S1–S4 on IL2 and S5–S8 on placebo; TREG and IL6 at 5 on Day −1, then
/// 5 + change at week 12 (day 85). TIS responders at week 12: S1, S2, S3, S6.
private enum Fixture {
    static let subjects = (1...8).map { "S\($0)" }
    static let treg = [2.1, 3.4, 1.2, 0.8, -0.3, 0.5, -1.1, 0.2]
    static let il6 = [-1.5, -0.7, -2.2, 0.4, 0.9, -0.1, 1.3, 0.6]
    static let tis = [45, 60, 30, 10, 5, 25, 0, 12.5]
    static let responder = [true, true, true, false, false, true, false, false]

    static func study() throws -> StudyDefinition {
        let base =
            minimalStudyYAML
            .replacingOccurrences(of: "design: {randomized: false, blinded: false}", with: "design: {randomized: true, blinded: true}")
            .replacingOccurrences(of: "  - {code: A, name: Active}", with: "  - {code: IL2, name: IL-2}\n  - {code: PBO, name: Placebo}")
        let yaml =
            base + "\n" + StudyYAML.myositisTIS(enzymes: "items: [CK]") + """

                analytes: [TREG, IL6]
                visits_of_interest: [Baseline, Week 4, Week 12]
                """
        return try StudyDefinition(yaml: yaml, file: "t.yaml")
    }

    static func dataset(unblinded: Bool) throws -> CFBDataset {
        var values: [AnalysisValue] = []
        for (i, s) in subjects.enumerated() {
            for (code, change) in [("TREG", treg[i]), ("IL6", il6[i])] {
                values.append(AnalysisValue(subject: s, date: "2023-01-09", parameterCategory: "cytometry", parameterCode: code, value: 5))
                values.append(
                    AnalysisValue(
                        subject: s, date: "2023-04-04", parameterCategory: "cytometry", parameterCode: code,
                        value: 5 + change))
            }
        }
        let doses = subjects.map { FirstDose(subject: $0, date: "2023-01-10") }
        let arms = unblinded ? subjects.enumerated().map { ArmAssignment(subject: $1, arm: $0 < 4 ? "IL2" : "PBO") } : nil
        return try ChangeFromBaseline.derive(values: values, study: study(), firstDoses: doses, arms: arms)
    }

    static let responses = subjects.enumerated().map { i, s in
        ResponseRecord(
            studyID: "TEST01", subject: s, basetype: "", visit: "Week 12", visitNumber: 12, criterion: "TIS",
            score: tis[i], responder: responder[i] ? .yes : .no)
    }
}

private func find(
    _ rows: [AssociationRecord], _ analysis: AssociationAnalysis, code: String = "TREG",
    visit: String = "Week 12", group: String = "all", comparison: String? = nil
) -> AssociationRecord? {
    rows.first {
        $0.analysis == analysis && $0.parameterCode == code && $0.visit == visit && $0.group == group
            && (comparison == nil || $0.comparison == comparison!)
    }
}

@Suite struct AssociationTests {
    /// The plots' statuses read per row with the table found once give each row's subject's
    /// `primaryStatus`, in any order of rows, for subjects with and without results.
    @Test func primaryStatusesAreEachRecordsSubjectsPrimaryStatus() throws {
        let study = try Fixture.study()
        let responses = Fixture.responses.dropLast().map { r -> ResponseRecord in
            var r = r
            r.basetype = study.baseline.basetype
            return r
        }
        let groups = ResponseGroups(responses: Array(responses), study: study)
        let records = try Fixture.dataset(unblinded: false).records
        let indices = Array(records.indices) + records.indices.reversed() + [0, 0, records.count - 1]
        let statuses = groups.primaryStatuses(of: AnalysedRows(records), at: indices)
        #expect(statuses == indices.map { groups.primaryStatus(subject: records[$0].subject) })
        #expect(Set(statuses) == [.responder, .nonResponder, .notAssessed])
    }

    @Test func unblindedTestsMatchScipy() throws {
        let rows = Associations.run(
            dataset: try Fixture.dataset(unblinded: true), responses: Fixture.responses,
            study: try Fixture.study())
        #expect(rows.allSatisfy { !$0.blinded })

        // scipy.stats.wilcoxon(treg, method='exact') → (7.0, 0.1484375)
        let w = try #require(find(rows, .changeWithinGroup))
        #expect(w.n == 8 && w.statistic == 7 && close(w.pValue, 0.1484375) && w.method == "exact")
        // scipy.stats.wilcoxon(treg[:4], method='exact') → (0.0, 0.125)
        #expect(close(find(rows, .changeWithinGroup, group: "arm=IL2")?.pValue ?? .nan, 0.125))

        // scipy.stats.mannwhitneyu(treg[:4], treg[4:]) → (16.0, 0.02857142857142857)
        let arms = try #require(find(rows, .betweenArms, comparison: "IL2 vs PBO"))
        #expect(arms.statistic == 16 && close(arms.pValue, 0.02857142857142857) && arms.n == 4 && arms.n2 == 4)
        // BH across TREG and IL6 (p 0.0286, 0.0571): scipy.stats.false_discovery_control → both 0.05714285714285714
        #expect(close(arms.qValue, 0.05714285714285714))
        #expect(close(find(rows, .betweenArms, code: "IL6")?.qValue ?? .nan, 0.05714285714285714))

        // Responders vs non-responders: scipy.stats.mannwhitneyu([2.1, 3.4, 1.2, 0.5], [0.8, -0.3, -1.1, 0.2]) → (15.0, 0.0571…)
        let resp = try #require(find(rows, .respondersVersusNonResponders, comparison: "Y vs N"))
        #expect(resp.criterion == "TIS" && resp.statistic == 15 && close(resp.pValue, 0.05714285714285714))

        // scipy.stats.spearmanr(treg, tis) → (0.9285714285714287, 0.0008629681828999767)
        let rho = try #require(find(rows, .correlationWithClinicalChange, comparison: "CHG vs TIS"))
        #expect(close(rho.estimate, 0.9285714285714287) && close(rho.pValue, 0.0008629681828999767) && rho.n == 8)
        // scipy.stats.spearmanr(il6, tis) → (-0.880952380952381, 0.0038503204637324005)
        #expect(close(find(rows, .correlationWithClinicalChange, code: "IL6")?.pValue ?? .nan, 0.0038503204637324005))

        // Response rate 3/4 vs 1/4: scipy.stats.fisher_exact([[3, 1], [1, 3]]) → (9.0, 0.48571428571428565)
        let fisher = try #require(rows.first { $0.analysis == .responseRateByArm })
        #expect(fisher.estimate == 9 && close(fisher.pValue, 0.48571428571428565))
        #expect(fisher.note == "responders 3/4 vs 1/4")

        // Summaries by arm × response.
        let s = try #require(find(rows, .summary, group: "arm=IL2 response=Y"))
        #expect(s.n == 3 && close(s.summary?.median ?? .nan, 2.1))
    }

    @Test func baselineVisitRelatesBaselineLevelToLaterResponse() throws {
        let rows = Associations.run(
            dataset: try Fixture.dataset(unblinded: true), responses: Fixture.responses,
            study: try Fixture.study())
        let b = try #require(find(rows, .respondersVersusNonResponders, visit: "Baseline", comparison: "Y vs N"))
        #expect(b.variable == "AVAL" && b.responseVisit == "Week 12")
        #expect(find(rows, .changeWithinGroup, visit: "Baseline") == nil)
    }

    @Test func blindedStudyIsPooledWithoutArmComparisons() throws {
        let rows = Associations.run(
            dataset: try Fixture.dataset(unblinded: false), responses: Fixture.responses,
            study: try Fixture.study())
        #expect(!rows.isEmpty && rows.allSatisfy(\.blinded))
        #expect(!rows.contains { $0.analysis == .betweenArms || $0.analysis == .responseRateByArm })
        #expect(!rows.contains { $0.group.hasPrefix("arm=") })
        #expect(find(rows, .changeWithinGroup)?.note == "pooled: arms blinded")
        #expect(close(find(rows, .respondersVersusNonResponders)?.pValue ?? .nan, 0.05714285714285714))
    }

    @Test func testsThatCannotRunSayWhy() throws {
        // Only responders in the placebo-free subset: no non-responder → Mann-Whitney cannot run.
        let responses = Fixture.responses.map { r -> ResponseRecord in
            var r = r
            r.responder = .yes
            return r
        }
        let rows = Associations.run(
            dataset: try Fixture.dataset(unblinded: false), responses: responses,
            study: try Fixture.study())
        let mw = try #require(find(rows, .respondersVersusNonResponders))
        #expect(mw.pValue.isNaN && mw.qValue.isNaN)
        #expect(mw.note == "pooled: arms blinded; Mann-Whitney U: each group needs at least one value (got 8 and 0)")
    }
}
