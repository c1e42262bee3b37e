import Testing

@testable import Analysis

/// Hand-worked Westgard cases on a control with mean 100 and SD 10 (so z = (x − 100) / 10).
@Suite struct WestgardTests {
    func rules(_ values: [Double]) -> [String] {
        Westgard.evaluate(values, mean: 100, sd: 10).map { "\($0.rule.rawValue)@\($0.index)" }
    }

    @Test func oneTwoSWarnsBeyondTwoSDOnly() {
        #expect(rules([100, 121, 100]) == ["1-2s@1"])
        #expect(rules([100, 79]) == ["1-2s@1"])
        // Exactly at 2 SD is not beyond it.
        #expect(rules([120, 80]) == [])
        #expect(WestgardRule.oneTwoS.isRejection == false)
    }

    @Test func oneThreeSRejectsBeyondThreeSD() {
        #expect(rules([100, 131]) == ["1-2s@1", "1-3s@1"])
        #expect(rules([69.5]) == ["1-2s@0", "1-3s@0"])
        #expect(WestgardRule.oneThreeS.isRejection)
    }

    @Test func twoTwoSNeedsTwoConsecutiveOnTheSameSide() {
        #expect(rules([122, 125]) == ["1-2s@0", "1-2s@1", "2-2s@1"])
        #expect(rules([78, 79]) == ["1-2s@0", "1-2s@1", "2-2s@1"])
        // Not consecutive: a run in between breaks it.
        #expect(rules([122, 100, 125]) == ["1-2s@0", "1-2s@2"])
        #expect(Westgard.evaluate([122, 125], mean: 100, sd: 10).first { $0.rule == .twoTwoS }?.runs == [0, 1])
    }

    @Test func rangeFourSNeedsOppositeSidesBeyondTwoSD() {
        #expect(rules([122, 77]) == ["1-2s@0", "1-2s@1", "R-4s@1"])
        #expect(rules([78, 123]) == ["1-2s@0", "1-2s@1", "R-4s@1"])
        // A range of 4.4 SD but one point only 1.9 SD out: not R-4s.
        #expect(rules([125, 81]) == ["1-2s@0"])
    }

    @Test func fourOneSNeedsFourConsecutiveBeyondOneSDOnOneSide() {
        #expect(rules([111, 112, 113, 114]) == ["4-1s@3"])
        #expect(rules([89, 88, 87, 86]) == ["4-1s@3"])
        #expect(rules([111, 112, 113, 109]) == [])
        #expect(rules([111, 112, 113, 89]) == [])
        // A fifth point keeps it firing, with the last four runs.
        let v = Westgard.evaluate([111, 112, 113, 114, 115], mean: 100, sd: 10).filter { $0.rule == .fourOneS }
        #expect(v.map(\.index) == [3, 4])
        #expect(v.last?.runs == [1, 2, 3, 4])
    }

    @Test func tenXNeedsTenConsecutiveOnOneSideOfTheMean() {
        let ten: [Double] = [101, 102, 101, 103, 101, 102, 101, 104, 101, 102]
        #expect(rules(ten) == ["10-x@9"])
        #expect(rules(Array(ten.prefix(9))) == [])
        #expect(rules(ten.map { 200 - $0 }) == ["10-x@9"])
        // One result on the mean breaks the run (not strictly above).
        var broken = ten
        broken[5] = 100
        #expect(rules(broken) == [])
    }

    @Test func runsWithoutAResultAreSkipped() {
        // The rules look at consecutive results: run 1 has none, so runs 0, 2, 3, 4 are four in a row.
        let v = Westgard.evaluate([111, .nan, 112, 113, 114], mean: 100, sd: 10)
        #expect(v.map(\.rule) == [.fourOneS])
        #expect(v.first?.index == 4)
        #expect(v.first?.runs == [0, 2, 3, 4])
    }

    @Test func noSDMeansNothingIsJudged() {
        #expect(Westgard.evaluate([150, 50], mean: 100, sd: 0).isEmpty)
        #expect(Westgard.evaluate([150, 50], mean: 100, sd: .nan).isEmpty)
    }
}

@Suite struct LeveyJenningsTests {
    func result(
        _ plate: String, _ date: String, _ well: String, _ value: Double, qualifier: String = "in_range",
        control: String = "Control1", analyte: String = "IL6"
    ) -> ControlResult {
        ControlResult(
            batch: 1, plateID: plate, runDate: date, control: control, well: well, analyte: analyte,
            observed: value, qualifier: qualifier, expected: 100, low: 70, high: 130)
    }

    @Test func oneRunPerPlateInDateOrderWithTheStudysMeanAndSD() {
        let s = LeveyJennings.series([
            result("P3", "2016-07-25", "A1", 110), result("P3", "2016-07-25", "A2", 130), // mean 120
            result("P1", "2016-07-21", "A1", 100),
            result("P2", "2016-07-22", "A1", 80), result("P2", "2016-07-22", "A2", 0.5, qualifier: "<LLOQ"),
            result("P1", "2016-07-21", "B1", 5, analyte: "IL10"),
        ])
        #expect(s.map(\.analyte) == ["IL10", "IL6"])
        let il6 = s[1]
        #expect(il6.runs.map(\.plateID) == ["P1", "P2", "P3"])
        #expect(il6.runs.map(\.value) == [100, 80, 120])
        #expect(il6.runs[1].unquantified == ["A2"])
        // mean 100, SD = sqrt((0 + 400 + 400) / 2) = 20.
        #expect(il6.mean == 100)
        #expect(abs(il6.sd - 20) < 1e-12)
        #expect(il6.violations.isEmpty)
        // A single run: no SD, nothing judged.
        #expect(s[0].sd.isNaN && s[0].violations.isEmpty)
    }

    @Test func establishedMeanAndSDReplaceTheStudysOwn() {
        let s = LeveyJennings.series(
            [result("P1", "2016-07-21", "A1", 100), result("P2", "2016-07-22", "A1", 131)],
            established: ["Control1|IL6": (mean: 100, sd: 10)])
        #expect(s[0].violations.map(\.rule) == [.oneTwoS, .oneThreeS])
        #expect(s[0].violations.first?.index == 1)
    }
}
