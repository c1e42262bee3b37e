import Domain
import Foundation
import Numerical
import Readers

@testable import Ingest

/// A plate shaped like a multiplex reader's output, generated from known curves, so plate
/// analysis and QC can be tested against the truth. Net MFI is the curve's response; raw MFI adds
/// a background of 20. Lines: each statistic has its own "section" (mfi from line 100, net MFI
/// 300, bead count 500, expected 700, dilution 900), the row is the well's index.
struct SyntheticPlate {
    struct Analyte {
        var name: String
        var curve: LogisticCurve
    }
    struct Sample {
        var name: String
        var type: WellType
        var concentration: Double
        var dilution: Double = 1
        var expected: Double? = nil
        var replicates: Int = 1
    }

    static let background = 20.0
    static let il6 = LogisticCurve(a: 2, b: 16_000, c: 1_100, d: -1.2, f: 0.9)
    static let tnf = LogisticCurve(a: 1, b: 20_000, c: 3_600, d: -1.1, f: 1)

    var analytes: [Analyte] = [Analyte(name: "IL-6 (25)", curve: il6), Analyte(name: "TNFa", curve: tnf)]
    /// 3-fold series, Standard1 highest.
    var levels: [Double] = (0..<8).map { 10_000 / pow(3.0, Double($0)) }
    var standardReplicates = 2
    var unit = "pg/mL"
    var samples: [Sample] = [
        Sample(name: "Background0", type: .blank, concentration: 0, replicates: 2),
        Sample(name: "Control1", type: .control, concentration: 300, dilution: 2, expected: 300),
        Sample(name: "Control2", type: .control, concentration: 30, dilution: 2, expected: 30),
        Sample(name: "P01_V1", type: .unknown, concentration: 120, dilution: 2),
        Sample(name: "P01_V2", type: .unknown, concentration: 800, dilution: 2),
        Sample(name: "P02_V1", type: .unknown, concentration: 0.3, dilution: 2), // below range
        Sample(name: "P02_V2", type: .unknown, concentration: 60_000, dilution: 2), // above range
        Sample(name: "P03_V1", type: .unknown, concentration: 45, dilution: 4, replicates: 2),
    ]
    var beadCount = 120.0

    /// Well ids in xPONENT order (down the columns: A1, B1, … H1, A2 …).
    static func wellID(_ i: Int) -> String {
        let rows = Array("ABCDEFGH")
        return "\(rows[i % 8])\(i / 8 + 1)"
    }

    struct Well {
        var id: String
        var index: Int
        var sample: String
        var type: WellType
        var concentration: Double
        var dilution: Double
        var expected: Double?
    }

    var wells: [Well] {
        var out: [Well] = []
        for (k, x) in levels.enumerated() {
            for _ in 0..<standardReplicates {
                out.append(
                    Well(
                        id: Self.wellID(out.count), index: out.count, sample: "Standard\(k + 1)",
                        type: .standard, concentration: x, dilution: 1, expected: x))
            }
        }
        for s in samples {
            for _ in 0..<s.replicates {
                out.append(
                    Well(
                        id: Self.wellID(out.count), index: out.count, sample: s.name, type: s.type,
                        concentration: s.concentration / s.dilution, dilution: s.dilution,
                        expected: s.expected))
            }
        }
        return out
    }

    func measurements() -> [Domain.Measurement] {
        var out: [Domain.Measurement] = []
        for w in wells {
            let extra = JSONText.object([("well", w.id)])
            func m(_ analyte: String, _ stat: Statistic, _ v: Double, unit: String = "", line: Int, col: Int) {
                out.append(
                    Domain.Measurement(
                        sample: w.sample, assay: .cytokine, analyte: analyte, statistic: stat,
                        value: v, unit: unit, flags: w.type.rawValue, extra: extra,
                        sourceLine: line + w.index, sourceColumn: col))
            }
            for (j, a) in analytes.enumerated() {
                let net = w.type == .blank ? 0 : a.curve.response(at: w.concentration)
                m(a.name, .mfi, net + Self.background, line: 100, col: j + 3)
                m(a.name, .netMFI, net, line: 300, col: j + 3)
                m(a.name, .beadCount, beadCount, line: 500, col: j + 3)
                if let e = w.expected { m(a.name, CytokineStatistic.expectedConcentration, e, unit: unit, line: 700, col: j + 3) }
            }
            if w.type != .standard && w.type != .blank { m("", CytokineStatistic.dilution, w.dilution, line: 900, col: 3) }
        }
        return out
    }

    /// Changes the value of one statistic for the wells of `sample` (and `analyte`, if given).
    static func set(
        _ ms: inout [Domain.Measurement], sample: String, analyte: String? = nil, _ stat: Statistic,
        well: String? = nil, _ change: (Double) -> Double
    ) {
        for i in ms.indices
        where ms[i].sample == sample && ms[i].statistic == stat
            && (analyte == nil || ms[i].analyte == analyte!)
            && (well == nil || FlatJSON.value("well", in: ms[i].extra) == well!)
        {
            ms[i].value = change(ms[i].value)
        }
    }
}
