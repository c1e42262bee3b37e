import Foundation
import Numerical
import Testing

// Reference values were produced with scipy 1.17.1 / numpy 2.4.6; each test names the call.
private func close(_ a: Double, _ b: Double, rel: Double = 1e-9) -> Bool {
    a == b || abs(a - b) <= rel * max(abs(a), abs(b))
}

@Suite struct DistributionTests {
    @Test func normalCDFMatchesScipy() {
        // scipy.stats.norm.cdf(z)
        #expect(close(SpecialFunctions.normalCDF(-8.0), 6.22096057427174e-16))
        #expect(close(SpecialFunctions.normalCDF(-1.96), 0.024997895148220435))
        #expect(SpecialFunctions.normalCDF(0) == 0.5)
        #expect(close(SpecialFunctions.normalCDF(1.0), 0.8413447460685429))
        #expect(close(SpecialFunctions.normalCDF(5.5), 0.9999999810104375))
    }

    @Test func studentTMatchesScipy() {
        // scipy.stats.t.sf(t, df)
        #expect(close(SpecialFunctions.studentTSF(2.1, df: 5), 0.044876624942299395))
        #expect(close(SpecialFunctions.studentTSF(-0.7, df: 12), 0.7513629231046463))
        #expect(close(SpecialFunctions.studentTSF(4.5, df: 3), 0.0102452061722267))
        #expect(close(SpecialFunctions.studentTSF(1.96, df: 1000), 0.025136592477874368))
        #expect(close(SpecialFunctions.studentTSF(0.3, df: 1.5), 0.40023609840179253))
    }

    @Test func incompleteBetaMatchesScipy() {
        // scipy.special.betainc(a, b, x)
        #expect(close(SpecialFunctions.regularizedIncompleteBeta(0.4, a: 2.5, b: 3.5), 0.4869041915261176))
        #expect(close(SpecialFunctions.regularizedIncompleteBeta(0.9, a: 0.5, b: 7.0), 0.9999999780702157))
    }

    @Test func fDistributionMatchesScipy() {
        // scipy.stats.f.cdf(3.7, 2, 9); scipy.stats.f.ppf(p, d1, d2)
        #expect(close(FDistribution.cdf(3.7, d1: 2, d2: 9), 0.9328116499425749))
        #expect(close(FDistribution.quantile(0.95, d1: 1, d2: 10), 4.964602743730711, rel: 1e-9))
        #expect(close(FDistribution.quantile(0.99, d1: 1, d2: 5), 16.25817703983365, rel: 1e-9))
        // published tables
        #expect(abs(FDistribution.quantile(0.95, d1: 1, d2: 12) - 4.7472) < 1e-4)
        #expect(abs(FDistribution.quantile(0.95, d1: 3, d2: 20) - 3.0984) < 1e-4)
    }
}

@Suite struct QuantileTests {
    @Test func type7AsNumpy() {
        // np.percentile([1.5, 2, 3.25, 7, 11, 20.5], [0, 25, 50, 75, 90, 100])
        let x = [1.5, 2, 3.25, 7, 11, 20.5]
        let expected = [(0.0, 1.5), (0.25, 2.3125), (0.5, 5.125), (0.75, 10.0), (0.9, 15.75), (1.0, 20.5)]
        for (p, q) in expected { #expect(close(Quantile.type7(sorted: x, p), q), "p = \(p)") }
        #expect(Quantile.type7(sorted: [], 0.5).isNaN)
        #expect(Quantile.type7(sorted: [4], 0.3) == 4)
    }
}

@Suite struct LogisticCurveTests {
    @Test func inverseUndoesResponseAndReportsBothEnds() {
        let c = LogisticCurve(a: 12, b: 20_000, c: 3000, d: -0.95, f: 1.1)
        for x in [0.5, 2.44140625, 39.0625, 625, 10_000] {
            guard case .concentration(let back) = c.inverse(c.response(at: x)) else {
                Issue.record("no inverse at \(x)")
                continue
            }
            #expect(abs(back - x) / x < 1e-9)
        }
        #expect(c.inverse(11) == .belowCurve)
        #expect(c.inverse(20_013) == .aboveCurve)
        #expect(c.inverse(.nan) == .undefined)
        #expect(c.model == .fivePL && LogisticCurve(a: 1, b: 2, c: 3, d: -1).model == .fourPL)
    }
}

@Suite struct LogisticCurveAsPrintedTests {
    @Test func printedFormulaAgreesWithTheStableOneAndInvertsItself() {
        let c = LogisticCurve(a: 12, b: 20_000, c: 3000, d: -0.95, f: 1.1)
        for x in [0.5, 2.44140625, 39.0625, 625, 10_000] {
            let y = c.responseAsPrinted(at: x)
            #expect(abs(y - c.response(at: x)) <= 1e-12 * y)
            let back = try! #require(c.concentrationAsPrinted(y))
            #expect(abs(back - x) / x < 1e-9)
        }
        #expect(c.concentrationAsPrinted(11) == nil)
        #expect(c.concentrationAsPrinted(20_013) == nil)
    }
}
