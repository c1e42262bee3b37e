import Domain
import Foundation

/// Checks one analyte's standard series before it is fitted: expected concentrations must fall
/// monotonically through the numbered standards (Standard1, Standard2, … or S1…S8) in steps of a
/// constant dilution ratio.
///
/// The damage this is built to catch: a locale round-trip (a CSV opened in a spreadsheet whose
/// locale uses `.` as the thousands separator, then saved) turns `215.625` into `215625`: every
/// value written with exactly three decimals becomes 1000 × too large. In a dilution series that
/// shows as a step whose ratio is the series' ratio × 1000^m for a whole m ≠ 0.
///
/// What is done (the choice is to repair, not exclude): the levels are assigned a scale exponent
/// by walking the steps, the exponent most levels share is taken as correct, and each level off
/// by 1000^k is divided by it — exact, because the repaired value restores the series' ratio to
/// within `repairTolerance` (2.000 for 215.625 between 431.25 and 107.8125). Each repair is a
/// `standard-series-damaged` warning at the value's file and line. An interior level whose two
/// steps are both off by a factor that is not a power of 1000 (a typo) is excluded instead. A
/// series still not monotone after that is refused (`standard-series-not-monotone`).
struct StandardSeriesCheck {
    struct Options: Sendable, Hashable {
        /// A step is consistent when its ratio is within this fraction of the series' median ratio.
        var stepTolerance = 0.20
        /// A repaired step must match the median ratio this closely.
        var repairTolerance = 0.05
        /// The damage factor looked for.
        var damageFactor = 1000.0
    }

    struct Entry {
        var level: String
        var expected: Double
        var location: SourceLocation
    }

    enum Status: String, Sendable { case ok, repaired, excluded }

    struct LevelOutcome: Sendable {
        var level: String
        var asWritten: Double
        /// The concentration to fit with; nil when the level is excluded.
        var used: Double?
        var status: Status
        var note: String
    }

    struct Outcome {
        /// By level name.
        var levels: [String: LevelOutcome] = [:]
        var diagnostics: [Diagnostic] = []
        /// False when the series cannot be trusted at all (the curve must not be fitted).
        var usable = true
    }

    static func check(analyte: String, entries: [Entry], options: Options = Options()) -> Outcome {
        var out = Outcome()
        // 1. One expected value per level.
        var order: [String] = []
        var byLevel: [String: Entry] = [:]
        var conflicting = Set<String>()
        for e in entries {
            if let first = byLevel[e.level] {
                if !(first.expected == e.expected || (first.expected.isNaN && e.expected.isNaN)),
                    conflicting.insert(e.level).inserted
                {
                    out.diagnostics.append(
                        .warning(
                            e.location, code: "standard-expected-conflict",
                            "\(analyte) \(e.level): expected concentration \(fmt(e.expected)) differs from \(fmt(first.expected)) given for the same standard; the standard is excluded"
                        ))
                }
                continue
            }
            byLevel[e.level] = e
            order.append(e.level)
        }
        var valid: [Entry] = []
        for name in order {
            let e = byLevel[name]!
            if conflicting.contains(name) {
                out.levels[name] = LevelOutcome(
                    level: name, asWritten: e.expected, used: nil, status: .excluded,
                    note: "conflicting expected concentrations")
            } else if !e.expected.isFinite || e.expected <= 0 {
                out.levels[name] = LevelOutcome(
                    level: name, asWritten: e.expected, used: nil, status: .excluded,
                    note: "expected concentration is not a positive number")
                out.diagnostics.append(
                    .warning(
                        e.location, code: "standard-expected-invalid",
                        "\(analyte) \(name): expected concentration \(fmt(e.expected)) is not a positive number; the standard is not used for the curve"
                    ))
            } else {
                valid.append(e)
                out.levels[name] = LevelOutcome(level: name, asWritten: e.expected, used: e.expected, status: .ok, note: "")
            }
        }
        // 2. Order by the standard's number; without numbers the series order is unknown and only
        //    what needs no order is checked.
        let numbered = valid.compactMap { e in trailingNumber(e.level).map { (e, $0) } }
        guard numbered.count == valid.count, Set(numbered.map(\.1)).count == valid.count, valid.count >= 3 else {
            return out
        }
        let series = numbered.sorted { $0.1 < $1.1 }.map(\.0)
        let steps = (0..<(series.count - 1)).map { log(series[$0].expected / series[$0 + 1].expected) }
        let ref = median(steps)
        let lnFactor = log(options.damageFactor)
        if abs(ref) < log(1 + options.repairTolerance) {
            out.diagnostics.append(
                .warning(
                    series[0].location, code: "standard-series-inconsistent",
                    "\(analyte): the standards' concentrations do not form a dilution series (median step ratio \(fmt(exp(ref)))); not checked for damage"
                ))
            return out
        }
        // 3. Classify each step; walk scale exponents.
        var irregular = [Bool](repeating: false, count: steps.count)
        var deviation = [Double](repeating: 0, count: steps.count)
        var scale = [0]
        for (k, s) in steps.enumerated() {
            let d = s - ref
            deviation[k] = d
            let m = (d / lnFactor).rounded()
            if m != 0, abs(d - m * lnFactor) <= log(1 + options.repairTolerance) {
                scale.append(scale[k] - Int(m))
            } else {
                if abs(d) > log(1 + options.stepTolerance) { irregular[k] = true }
                scale.append(scale[k])
            }
        }
        // 4. The exponent most levels share is the undamaged one.
        var counts: [Int: Int] = [:]
        for c in scale { counts[c, default: 0] += 1 }
        let top = counts.values.max()!
        let modes = counts.filter { $0.value == top }.map(\.key)
        if modes.count > 1 {
            out.usable = false
            out.diagnostics.append(
                .warning(
                    series[0].location, code: "standard-series-damaged",
                    "\(analyte): the standard series is split into equal groups \(options.damageFactor)× apart; which is right cannot be decided, so no curve is fitted"
                ))
            return out
        }
        let base = modes[0]
        for (k, e) in series.enumerated() where scale[k] != base {
            let factor = pow(options.damageFactor, Double(scale[k] - base))
            let repaired = e.expected / factor
            let neighbour = k > 0 ? series[k - 1] : series[k + 1]
            let observedRatio = k > 0 ? neighbour.expected / e.expected : e.expected / neighbour.expected
            out.levels[e.level] = LevelOutcome(
                level: e.level, asWritten: e.expected, used: repaired,
                status: .repaired, note: "÷\(fmt(factor))")
            out.diagnostics.append(
                .warning(
                    e.location, code: "standard-series-damaged",
                    "\(analyte) \(e.level): expected concentration \(fmt(e.expected)) is \(fmt(factor))× off the dilution series (step ratio to \(neighbour.level) \(fmt(observedRatio)), series ratio \(fmt(exp(ref)))): a decimal point read as a thousands separator in a locale round-trip; repaired to \(fmt(repaired))"
                ))
        }
        // 5. An interior level whose steps on both sides are off, in opposite directions, is a
        //    lone wrong value: exclude it. Other irregular steps are reported and kept.
        var explained = [Bool](repeating: false, count: steps.count)
        for k in 1..<series.count - 1 where irregular[k - 1] && irregular[k] {
            guard abs(deviation[k - 1] + deviation[k]) <= log(1 + options.stepTolerance) else { continue }
            let e = series[k]
            explained[k - 1] = true
            explained[k] = true
            out.levels[e.level] = LevelOutcome(
                level: e.level, asWritten: e.expected, used: nil, status: .excluded,
                note: "off the dilution series")
            out.diagnostics.append(
                .warning(
                    e.location, code: "standard-series-inconsistent",
                    "\(analyte) \(e.level): expected concentration \(fmt(e.expected)) is \(fmt(exp(-deviation[k - 1])))× off the dilution series (series ratio \(fmt(exp(ref)))) by a factor that is not a locale error; the standard is excluded from the curve"
                ))
        }
        for k in steps.indices where irregular[k] && !explained[k] {
            out.diagnostics.append(
                .warning(
                    series[k + 1].location, code: "standard-series-inconsistent",
                    "\(analyte): the step from \(series[k].level) (\(fmt(series[k].expected))) to \(series[k + 1].level) (\(fmt(series[k + 1].expected))) has ratio \(fmt(exp(steps[k]))) where the series has \(fmt(exp(ref)))"
                ))
        }
        // 6. Monotone after repair.
        let used = series.compactMap { e in out.levels[e.level]?.used.map { (e, $0) } }
        let falling = ref > 0
        for k in 0..<max(used.count - 1, 0) {
            let (a, va) = used[k], (b, vb) = used[k + 1]
            if falling ? !(va > vb) : !(va < vb) {
                out.usable = false
                out.diagnostics.append(
                    .warning(
                        b.location, code: "standard-series-not-monotone",
                        "\(analyte): \(a.level) (\(fmt(va))) and \(b.level) (\(fmt(vb))) break the series' order; no curve is fitted"))
            }
        }
        return out
    }

    static func trailingNumber(_ name: String) -> Int? {
        let digits = name.reversed().prefix(while: { $0.isASCII && $0.isNumber })
        return digits.isEmpty ? nil : Int(String(digits.reversed()))
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func fmt(_ v: Double) -> String { CurveFit.format(v) }
}
