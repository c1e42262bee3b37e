import Foundation
import Numerical

/// What a Luminex run of one plate produced: per-well bead medians and counts from the true
/// standard curves, the instrument's own 5PL fit on net MFI, and the concentrations it computed
/// by inverting that fit, with xPONENT's out-of-range conventions.
struct PlateSimulation {
    /// A computed concentration as xPONENT reports it.
    enum Result: Equatable {
        /// Background wells: not computed.
        case notComputed
        case value(Double, extrapolated: Bool)
        /// Below the curve or far below the lowest standard: `< S7`.
        case below(String)
        /// Above the curve or above the top standard: `> S1`.
        case above(String)

        var number: Double? { if case .value(let v, _) = self { return v } else { return nil } }
    }

    let analytes: [CytokineAnalyte]
    let wells: [LuminexPlateLayout.Well]
    /// Dilution factor applied to unknowns (and controls, as kit QC is run like a sample).
    let dilutionFactor: Double
    var median: [[Double]] = []
    var beadCount: [[Int]] = []
    var totalEvents: [Int] = []
    var netMFI: [[Double]] = []
    var results: [[Result]] = []
    var fitted: [LogisticCurve] = []
    var rSquared: [Double] = []
    /// Control level (1, 2) → analyte expected concentration.
    var controlExpected: [[Double]] = []
    /// Wells where the sample timed out before every region reached its bead count.
    var timedOut: [Int] = []

    static let beadsPerRegion = 50

    /// Simulates the plate. `serum[sample]` holds the true serum concentration per analyte.
    init(
        analytes: [CytokineAnalyte], wells: [LuminexPlateLayout.Well], serum: [String: [Double]],
        trueCurves: [LogisticCurve], dilutionFactor: Double, rng: inout SynthRandom
    ) {
        self.analytes = analytes
        self.wells = wells
        self.dilutionFactor = dilutionFactor
        controlExpected = [1, 2].map { level in
            analytes.map { a in Self.round3(a.topStandard * (level == 1 ? 0.012 : 0.1)) }
        }
        // Kit controls read close to their label value.
        let controlTrue = controlExpected.map { row in row.map { $0 * rng.logNormal(median: 1, cv: 0.08) } }

        for (w, well) in wells.enumerated() {
            var med: [Double] = [], cnt: [Int] = []
            let timeout = well.role == .unknown && rng.bernoulli(0.025)
            if timeout { timedOut.append(w) }
            for (j, a) in analytes.enumerated() {
                let x: Double
                switch well.role {
                case .background: x = 0
                case .standard(let level): x = a.standard(level)
                case .control(let level): x = controlTrue[level - 1][j] / dilutionFactor
                case .unknown: x = (serum[well.sample]?[j] ?? 0) / dilutionFactor
                }
                let signal = trueCurves[j].responseAsPrinted(at: x) * rng.logNormal(median: 1, cv: 0.045) + rng.normal(0, 1.5)
                med.append(max(1, (signal * 2).rounded() / 2))
                cnt.append(timeout && rng.bernoulli(0.4) ? rng.int(24...49) : Self.beadsPerRegion + rng.poisson(9))
            }
            median.append(med)
            beadCount.append(cnt)
            totalEvents.append(cnt.reduce(0, +) + rng.int(60...260))
        }

        // Net MFI: median minus the mean of the background wells, per analyte.
        let background = wells.indices.filter { wells[$0].role == .background }
        let bkg = analytes.indices.map { j in background.map { median[$0][j] }.reduce(0, +) / Double(max(1, background.count)) }
        netMFI = median.map { row in row.enumerated().map { $0.element - bkg[$0.offset] } }

        // The instrument's fit: the true curve seen through the standards' noise.
        fitted = trueCurves.enumerated().map { j, t in
            LogisticCurve(
                a: t.a - bkg[j] + rng.normal(0, 1.0), b: t.b * (1 + rng.normal(0, 0.015)),
                c: t.c * (1 + rng.normal(0, 0.03)), d: t.d * (1 + rng.normal(0, 0.015)),
                f: t.f * (1 + rng.normal(0, 0.03)))
        }
        rSquared = analytes.indices.map { j in
            var ys: [Double] = [], preds: [Double] = []
            for (w, well) in wells.enumerated() {
                if case .standard(let level) = well.role {
                    ys.append(netMFI[w][j])
                    preds.append(fitted[j].responseAsPrinted(at: analytes[j].standard(level)))
                }
            }
            let mean = ys.reduce(0, +) / Double(ys.count)
            let ssTot = ys.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let ssRes = zip(ys, preds).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            return 1 - ssRes / ssTot
        }

        for (w, well) in wells.enumerated() {
            results.append(
                analytes.indices.map { j in
                    if well.role == .background { return .notComputed }
                    let factor = well.role.isDiluted ? dilutionFactor : 1
                    return Self.result(netMFI[w][j], curve: fitted[j], analyte: analytes[j], factor: factor)
                })
        }
    }

    /// xPONENT's reading of a net MFI: within the standards a number; somewhat outside them a
    /// number marked Extrapolated; beyond that, or where the curve has no inverse, `< lowest`
    /// or `> highest` standard.
    static func result(_ y: Double, curve: LogisticCurve, analyte: CytokineAnalyte, factor: Double) -> Result {
        let low = analyte.standard(7), high = analyte.standard(1)
        guard let x = curve.concentrationAsPrinted(y) else {
            return y <= curve.a ? .below(expectedText(low)) : .above(expectedText(high))
        }
        if x > high * 2 { return .above(expectedText(high)) }
        if x < low / 8 { return .below(expectedText(low)) }
        return .value(x * factor, extrapolated: x < low || x > high)
    }

    /// Expected concentrations as the protocol stores them: exact 4-fold dilutions of a round
    /// top, all digits (`2.44140625`), as xPONENT prints them.
    static func expectedText(_ x: Double) -> String { NumberText.g15(x) }

    static func round3(_ x: Double) -> Double {
        let e = pow(10, floor(log10(x)) - 2)
        return (x / e).rounded() * e
    }
}
