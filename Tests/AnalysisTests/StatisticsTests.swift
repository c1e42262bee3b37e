import Testing

@testable import Analysis

// Reference values were produced with scipy 1.17.1 / numpy 2.4.6; each test names the call.
@Suite struct DescriptiveTests {
    @Test func type7QuantilesAsNumpy() {
        // np.percentile([7, 1, 3, 2, 10, 4.5], [25, 50, 75]); np.mean; np.std(ddof=1)
        let s = Summary([7, 1, 3, .nan, 2, 10, 4.5])
        #expect(s.n == 6 && s.missing == 1)
        #expect(close(s.q1, 2.25) && close(s.median, 3.75) && close(s.q3, 6.375))
        #expect(close(s.mean, 4.583333333333333) && close(s.sd, 3.382553276249565))
        #expect(s.min == 1 && s.max == 10)
    }

    @Test func emptyAndSingleValue() {
        let empty = Summary([.nan])
        #expect(empty.n == 0 && empty.missing == 1 && empty.mean.isNaN && empty.median.isNaN)
        let one = Summary([4])
        #expect(one.mean == 4 && one.median == 4 && one.q1 == 4 && one.sd.isNaN)
    }
}

@Suite struct WilcoxonTests {
    @Test func exactSmallSample() throws {
        // scipy.stats.wilcoxon([1.83, -0.5, 2.1, 3.4, -1.2, 0.7, 4.4, 2.9, -0.3, 1.1], method='exact')
        let r = try WilcoxonSignedRank.test([1.83, -0.5, 2.1, 3.4, -1.2, 0.7, 4.4, 2.9, -0.3, 1.1])
        #expect(r.method == .exact && r.n == 10)
        #expect(r.statistic == 8)
        #expect(close(r.pValue, 0.048828125))
    }

    @Test func exactAtTheLimitOf25() throws {
        // scipy.stats.wilcoxon(d2, method='exact')
        let d: [Double] = [
            0.5, 1.2, -0.4, 2.2, 3.1, 1.7, 0.9, 2.6, -1.8, 1.4, 0.2, 3.3, 2.8, -0.7, 1.9, 4.1,
            0.3, 2.4, 1.1, -0.1, 3.7, 2.0, 0.8, 1.6, 2.9,
        ]
        let r = try WilcoxonSignedRank.test(d)
        #expect(r.method == .exact && r.statistic == 25)
        #expect(close(r.pValue, 5.3882598876953125e-05))
    }

    @Test func tiesAndZerosUseTheCorrectedNormalApproximation() throws {
        // scipy.stats.wilcoxon(d3, method='asymptotic', zero_method='wilcox', correction=False)
        let r = try WilcoxonSignedRank.test([1, 2, 2, -1, 0, 3, 3, 3, -2, 4, 0, 5])
        #expect(r.method == .asymptotic && r.n == 10)
        #expect(r.statistic == 5.5)
        #expect(close(r.pValue, 0.02409137656203038))
    }

    @Test func largeSampleIsAsymptotic() throws {
        // scipy.stats.wilcoxon(d4, method='asymptotic', correction=False)
        let d: [Double] = [
            0.401, 0.699, 0.126, -0.491, -0.055, -0.592, 0.46, 1.74, -0.092, -0.22, 0.89, 0.757,
            0.505, -0.53, 0.371, 1.095, -0.944, -0.058, -1.501, -0.89, -1.442, 0.165, -0.867,
            0.671, 0.557, 0.213, -2.117, -0.139, 0.351, 0.513,
        ]
        let r = try WilcoxonSignedRank.test(d)
        #expect(r.method == .asymptotic && r.statistic == 221.5)
        #expect(close(r.pValue, 0.821000983792146))
    }

    @Test func allZeroDifferencesAreAnError() {
        #expect(throws: StatisticsError("Wilcoxon signed-rank: no non-zero difference")) {
            try WilcoxonSignedRank.test([0, 0, 0])
        }
    }
}

@Suite struct MannWhitneyTests {
    @Test func exactWithoutTies() throws {
        // scipy.stats.mannwhitneyu([3.1, 4.5, 2.2, 5.9, 6.3], [1.1, 0.4, 2.8, 1.9, 3.5, 0.9, 2.5], method='exact')
        let r = try MannWhitneyU.test([3.1, 4.5, 2.2, 5.9, 6.3], [1.1, 0.4, 2.8, 1.9, 3.5, 0.9, 2.5])
        #expect(r.method == .exact && r.statistic == 31)
        #expect(close(r.pValue, 0.030303030303030304))
    }

    @Test func exactWithOneSmallGroup() throws {
        // scipy.stats.mannwhitneyu([10.5, 12.25, 9.75], range(1, 21), method='exact')
        let r = try MannWhitneyU.test([10.5, 12.25, 9.75], (1...20).map(Double.init))
        #expect(r.method == .exact && r.statistic == 31)
        #expect(close(r.pValue, 0.9655561829474872))
    }

    @Test func tiesUseContinuityAndTieCorrection() throws {
        // scipy.stats.mannwhitneyu([1, 2, 2, 3, 4, 4, 5], [3, 3, 4, 5, 6, 6, 7, 8])  (auto → asymptotic)
        let r = try MannWhitneyU.test([1, 2, 2, 3, 4, 4, 5], [3, 3, 4, 5, 6, 6, 7, 8])
        #expect(r.method == .asymptotic && r.statistic == 9.5)
        #expect(close(r.pValue, 0.03539060700656296))
    }

    @Test func largerSamplesAreAsymptotic() throws {
        // scipy.stats.mannwhitneyu(x3, y3)
        let x = [-0.5301, 0.5222, 0.0215, 0.1912, 2.0609, 0.1925, 0.9675, 1.8844, 0.4164, 0.8883, 1.1105, 1.0638]
        let y = [
            -1.2251, 0.0761, 1.3588, -1.5471, 0.8594, 0.1194, -0.6415, 2.0004, 0.7623, -1.1993, 0.0745,
            0.5767, -0.1888, 0.6829, -0.0665,
        ]
        let r = try MannWhitneyU.test(x, y)
        #expect(r.method == .asymptotic && r.statistic == 127)
        #expect(close(r.pValue, 0.07490957015830448))
    }

    @Test func emptyGroupIsAnError() {
        #expect(throws: StatisticsError("Mann-Whitney U: each group needs at least one value (got 0 and 2)")) {
            try MannWhitneyU.test([], [1, 2])
        }
    }
}

@Suite struct SpearmanTests {
    @Test func withoutTies() throws {
        // scipy.stats.spearmanr(sx, sy)
        let (rho, r) = try SpearmanCorrelation.test(
            [1.2, 2.4, 3.1, 4.8, 5.0, 6.7, 7.1, 8.9],
            [2.0, 1.5, 3.9, 4.2, 6.1, 5.5, 8.0, 7.7])
        #expect(close(rho, 0.9285714285714287))
        #expect(close(r.pValue, 0.0008629681828999767))
    }

    @Test func withTies() throws {
        // scipy.stats.spearmanr([1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10], [5, 3, 4, 4, 2, 6, 1, 7, 3, 2, 8, 1])
        let (rho, r) = try SpearmanCorrelation.test(
            [1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10],
            [5, 3, 4, 4, 2, 6, 1, 7, 3, 2, 8, 1])
        #expect(close(rho, -0.14664402505014926))
        #expect(close(r.pValue, 0.6492674260082072))
    }

    @Test func constantVariableIsAnError() {
        #expect(throws: StatisticsError("Spearman: one variable is constant")) {
            try SpearmanCorrelation.test([1, 2, 3], [4, 4, 4])
        }
    }
}

@Suite struct FisherTests {
    // scipy.stats.fisher_exact(table) → (statistic, pvalue)
    @Test(arguments: [
        (8, 2, 1, 5, 20.0, 0.034965034965034975),
        (3, 1, 1, 3, 9.0, 0.48571428571428565),
        (0, 5, 6, 1, 0.0, 0.01515151515151515),
        (12, 5, 7, 9, 3.085714285714286, 0.16632006577356484),
        (10, 0, 3, 4, Double.infinity, 0.014705882352941178),
    ])
    func twoSidedMatchesScipy(a: Int, b: Int, c: Int, d: Int, oddsRatio: Double, p: Double) throws {
        let r = try FisherExact.test(a: a, b: b, c: c, d: d)
        #expect(close(r.oddsRatio, oddsRatio))
        #expect(close(r.pValue, p))
    }

    @Test func emptyMarginGivesPOneAndNoOddsRatio() throws {
        let r = try FisherExact.test(a: 0, b: 0, c: 3, d: 4)
        #expect(r.oddsRatio.isNaN && r.pValue == 1)
    }
}

@Suite struct BenjaminiHochbergTests {
    @Test func matchesScipyFalseDiscoveryControl() {
        // scipy.stats.false_discovery_control([0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.049], method='bh')
        let q = BenjaminiHochberg.qValues([0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.049])
        let expected = [0.035, 0.0686, 0.0686, 0.035, 0.23333333333333336, 0.5, 0.0686]
        #expect(zip(q, expected).allSatisfy { close($0, $1) })
    }

    @Test func missingPValuesStayMissingAndDoNotCount() {
        let q = BenjaminiHochberg.qValues([0.01, .nan, 0.04])
        #expect(q[1].isNaN)
        #expect(close(q[0], 0.02) && close(q[2], 0.04))
    }
}
