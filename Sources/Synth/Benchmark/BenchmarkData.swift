import Domain
import Foundation

/// Benchmark-scale data: a tidy long CSV with an exact number of measurement rows (streamed,
/// flat memory) and FlowJo plate exports of 96 samples each, with their manifest.
///
/// The tidy values are realistic in level and spread (a per-subject baseline around each
/// quantity's typical median, then per-visit variation, log-normal, by table look-up so that ten
/// million rows take seconds), but unlike the sample data they are drawn independently: a TREG
/// count is not derived from the CD4 count of the same sample. The FlowJo plates use the full
/// gate model of the sample data, so their counts and frequencies agree.
enum BenchmarkData {
    /// One measured quantity of every benchmark sample.
    struct Quantity {
        var assay: String
        var analyte: String
        var statistic: String
        var unit: String
        var denominator: String
        var median: Double
        var decimals: Int // 0 = integer

        /// A gate's event count.
        static func events(_ gate: String, median: Double) -> Quantity {
            Quantity(assay: "cytometry", analyte: gate, statistic: "count", unit: "events", denominator: "", median: median, decimals: 0)
        }

        /// A gate's frequency, in percent of `parent`.
        static func percent(_ gate: String, of parent: String, median: Double, decimals: Int) -> Quantity {
            Quantity(
                assay: "cytometry", analyte: gate, statistic: "freq_of", unit: "%", denominator: parent, median: median,
                decimals: decimals)
        }

        /// A serum cytokine concentration (pg/mL).
        static func serum(_ analyte: String, median: Double, decimals: Int) -> Quantity {
            Quantity(
                assay: "cytokine", analyte: analyte, statistic: "concentration", unit: "pg/mL", denominator: "", median: median,
                decimals: decimals)
        }
    }

    static let quantities: [Quantity] = [
        .events("CD4", median: 38_000),
        .events("TREG", median: 2_200),
        .percent("TREG", of: "CD4", median: 5.8, decimals: 2),
        .percent("TREG_NAIVE", of: "TREG", median: 34, decimals: 2),
        .events("TFH", median: 1_000),
        .percent("TFH", of: "CD4", median: 2.6, decimals: 2),
        .percent("TFR", of: "CD4", median: 0.33, decimals: 3),
        .percent("TH17", of: "CD4", median: 9.5, decimals: 2),
        .events("CD8", median: 16_000),
        .events("B", median: 8_000),
        .events("NK", median: 8_500),
        Quantity(assay: "cytometry", analyte: "TREG", statistic: "abs_count", unit: "cells/µL", denominator: "", median: 42, decimals: 1),
        .serum("IL2RA", median: 1_900, decimals: 1),
        .serum("IL10", median: 4.5, decimals: 2),
        .serum("IL6", median: 6, decimals: 2),
        .serum("IFNG", median: 8, decimals: 2),
        .serum("TNF", median: 12, decimals: 2),
        .serum("IL17A", median: 3, decimals: 2),
        .serum("IL21", median: 18, decimals: 2),
        Quantity(
            assay: "clinical", analyte: "LYMPHOCYTES", statistic: "abs_count", unit: "cells/µL", denominator: "", median: 1_300, decimals: 0
        ),
    ]

    static let visits: [(name: String, day: Int)] = [
        ("BASELINE", 1), ("W2", 15), ("W4", 29), ("W8", 57), ("W12", 85),
        ("W16", 113), ("W24", 169), ("W52", 365),
    ]

    /// Writes `rows` data rows (plus the header) to `path`.
    static func writeTidy(path: String, rows: Int, seed: UInt64) throws {
        let out = try ByteWriter(path: path)
        try out.append(Array("subject,visit,date,assay,analyte,statistic,value,unit,denominator\n".utf8))
        var rng = SynthRandom(seed: seed, stream: "benchmark/tidy")
        // Log-normal multipliers by table look-up: 4096 quantiles of a CV-25 % log-normal.
        let sigma = log(1 + 0.25 * 0.25).squareRoot()
        let noise: [Double] = (0..<4096).map { i in exp(sigma * inverseNormal((Double(i) + 0.5) / 4096)) }
        let middles = quantities.map { Array(",\($0.assay),\($0.analyte),\($0.statistic),".utf8) }
        let suffixes = quantities.map { Array(",\($0.unit),\($0.denominator)\n".utf8) }
        let visitBytes = visits.map { Array("\($0.name),".utf8) }
        let start = CivilDate(2021, 1, 4)

        var written = 0
        var subject = 0
        var subjectBase = [Double](repeating: 0, count: quantities.count)
        while written < rows {
            subject += 1
            for (q, quantity) in quantities.enumerated() { subjectBase[q] = quantity.median * noise[Int(rng.next() & 4095)] }
            let id = Array("BM\(pad((subject - 1) / 1000 + 1, 2))-\(pad((subject - 1) % 1000 + 1, 3)),".utf8)
            let firstDose = (start + Int(rng.next() % 1000)).nearestWeekday
            for (v, visit) in visits.enumerated() where written < rows {
                let date = Array("\((firstDose + (visit.day - 1)).nearestWeekday.iso)".utf8)
                for (q, quantity) in quantities.enumerated() where written < rows {
                    try out.append(id)
                    try out.append(visitBytes[v])
                    try out.append(date)
                    try out.append(middles[q])
                    let value = subjectBase[q] * noise[Int(rng.next() & 4095)]
                    if quantity.decimals == 0 {
                        try out.append(integer: Int(value.rounded()))
                    } else {
                        try out.append(value, decimals: quantity.decimals)
                    }
                    try out.append(suffixes[q])
                    written += 1
                }
            }
        }
        try out.close()
    }

    /// Writes `plates` FlowJo exports of 96 samples (12 subjects × 8 visits) and their manifest.
    static func writeFlowJoPlates(into folder: OutputFolder, plates: Int, seed: UInt64) throws {
        // The manifest of an earlier, larger run must not outlive its plates.
        try? FileManager.default.removeItem(atPath: folder.path("flowjo-manifest.csv"))
        var manifest = CSVTable(["sample", "subject", "visit", "date"])
        let writer = FlowJoTableWriter()
        let start = CivilDate(2021, 1, 4)
        for p in 1...max(1, plates) where plates > 0 {
            var rng = SynthRandom(seed: seed, stream: "benchmark/plate\(p)")
            var rows: [(name: String, counts: FlowCounts)] = []
            for k in 1...12 {
                let subject = "BP\(pad(p, 4))-\(pad(k, 3))"
                let profile = FlowProfile.draw(.dermatomyositis, rng: &rng)
                let firstDose = (start + rng.int(0...900)).nearestWeekday
                let gain = rng.uniform(0.45, 1.5)
                let treated = rng.bernoulli(0.5)
                for visit in visits {
                    let date = (firstDose + (visit.day - 1)).nearestWeekday
                    let effect = treated ? DrugCourse(dosing: [1...168], tauOn: 5, tauOff: 14).effect(day: visit.day) : 0
                    let name = "\(subject)_\(visit.name)_\(date.iso)_Tube1.fcs"
                    rows.append(
                        (name, FlowCounts.draw(profile.atVisit(drug: .lowDoseIL2, effect: effect, gain: gain, rng: &rng), rng: &rng)))
                    manifest.add([name, subject, visit.name, date.iso])
                }
            }
            try folder.write(writer.text(rows: rows), to: "flowjo/BENCH_TregTfh_Plate\(pad(p, 4)).csv")
        }
        if plates > 0 { try folder.write(manifest.text, to: "flowjo-manifest.csv") }
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Acklam's rational approximation of the standard normal quantile (|error| < 1.2e-9).
    static func inverseNormal(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low { return -inverseNormal(1 - p) }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
