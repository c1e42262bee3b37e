import Domain
import Foundation
import Testing

@testable import Analysis

/// The columnar derivation (`deriveColumns`) against the record-based one (`derive`), which stays
/// the reference: seeded random cohorts full of edge cases must give the same records, field for
/// field, the same warnings in the same order, and the same error.
@Suite struct ColumnarDerivationTests {
    /// A small deterministic generator (the same cohorts on every run and platform).
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var z = state
            z = (z ^ (z >> 33)) &* 0xff51_afd7_ed55_8ccd
            return z ^ (z >> 29)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) < p * 10_000 }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
    }

    static func date(_ day1: CivilDate, plus days: Int) -> String {
        let c = CivilDate(daysSinceEpoch: day1.daysSinceEpoch + days).components
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    struct Cohort {
        var study: StudyDefinition
        var values: [AnalysisValue]
        var doses: [FirstDose]
        var arms: [ArmAssignment]?
    }

    static func cohort(seed: UInt64, studies: [StudyDefinition]) -> Cohort {
        var g = Seeded(state: seed)
        var study = g.pick(studies)
        study.baseline.kind = g.pick(StudyDefinition.BaselineRule.Kind.allCases)
        study.lloq.rule = g.pick([.half, .limit, .missing])
        if g.chance(0.5) { study.lloq.limits = ["IL6": 0.5, "TREG.FREQ_OF.CD4": 0.2] }
        if var second = study.secondBaseline {
            second.kind = g.pick(StudyDefinition.BaselineRule.Kind.allCases)
            if g.chance(0.15) { second.basetype = g.pick(["", "A-FIRST", study.baseline.basetype]) }
            study.secondBaseline = second
        }
        if g.chance(0.1) { study.baseline.basetype = "" }
        let base = CivilDate(2023, 1, 10)
        var subjects: [String] = []
        for _ in 0..<(1 + g.int(6)) { subjects.append("S\(g.int(20))") }
        var doses: [FirstDose] = []
        var openLabel: [String: Int] = [:]
        for s in Set(subjects) {
            if g.chance(0.85) {
                let offset = g.int(5)
                doses.append(
                    FirstDose(
                        subject: s, date: date(base, plus: offset), period: "",
                        source: SourceLocation(file: "first_dose.csv", line: 1)))
                if g.chance(0.1) { doses.append(doses.last!) } // the same dose twice is no conflict
                if let second = study.secondBaseline, g.chance(0.7) {
                    let day = 80 + g.int(12)
                    openLabel[s] = day
                    doses.append(
                        FirstDose(
                            subject: s, date: date(base, plus: day + offset), period: second.period,
                            source: SourceLocation(file: "first_dose.csv", line: 2)))
                }
            }
        }
        var arms: [ArmAssignment]?
        if g.chance(0.4) {
            arms = Set(subjects).filter { _ in g.chance(0.85) }.sorted()
                .map { ArmAssignment(subject: $0, arm: g.pick(study.arms.map(\.code))) }
        }
        // Study days on and around the visit targets, so windows, ties and baselines all occur.
        let targets = study.visits.map(\.targetDay) + [study.visits.map(\.targetDay).max()! + 300]
        let codes = ["TREG", "IL6", "TREG.FREQ_OF.CD4", "BILAG.RENAL", "CK"]
        let units = ["TREG": "%", "IL6": "pg/mL", "TREG.FREQ_OF.CD4": "%", "BILAG.RENAL": "", "CK": "U/L"]
        let mixedUnits = g.chance(0.03), badDate = g.chance(0.02), differentTwin = g.chance(0.08)
        var values: [AnalysisValue] = []
        for s in subjects {
            for code in codes where g.chance(0.7) {
                for _ in 0..<(1 + g.int(9)) {
                    let day = g.pick(targets) + g.int(9) - 4 - (g.chance(0.3) ? 30 : 0)
                    var d = g.chance(0.05) ? "" : date(base, plus: day)
                    if badDate, g.chance(0.1) { d = "2023-02-30" }
                    let collected = g.pick(["", "V1", "Week 4"])
                    let category = code == "BILAG.RENAL" || code == "CK" ? "clinical" : "cytometry"
                    let number = Double(g.int(8)) / 4
                    let source = g.chance(0.1) ? "" : "file.csv:\(g.int(40))"
                    var v = AnalysisValue(
                        subject: s, collectedVisit: collected, date: d, parameterCategory: category,
                        parameterCode: code, value: number, valueText: "", unit: units[code]!,
                        source: source)
                    if code == "BILAG.RENAL" {
                        v.value = .nan
                        v.valueText = g.pick(["A", "B", "C", "D", "E", "ND", ""])
                        if v.valueText == "ND" { v.qualifier = .notAvailable }
                    } else {
                        switch g.int(14) {
                        case 0:
                            v.qualifier = .belowLLOQ
                            v.value = .nan
                            v.valueText = g.pick(["<0.1", "", "OOR <"])
                        case 1:
                            v.qualifier = .belowLLOQ
                            v.lloq = g.pick([0.1, 0.3])
                            v.value = .nan
                            v.valueText = "<\(v.lloq)"
                        case 2:
                            v.qualifier = .notAvailable
                            v.value = .nan
                            v.valueText = g.pick(["", "NA"])
                        case 3: v.qualifier = .outlier
                        case 4:
                            v.qualifier = .aboveULOQ
                            v.valueText = ">2"
                        case 5: v.qualifier = .extrapolated
                        case 6: v.value = .nan
                        case 7: v.value = 0
                        case 8: v.value = -1
                        default: break
                        }
                        if code == "CK" { v.upperLimitOfNormal = 200 }
                    }
                    if mixedUnits, g.chance(0.1) { v.unit = "ng/mL" }
                    values.append(v)
                    if g.chance(0.12) {
                        // A twin on the same day: another source, the same value unless the case asks.
                        var twin = v
                        twin.source = g.pick(["", "twin.csv:1", v.source])
                        if differentTwin, g.chance(0.5) {
                            twin.value += 1
                            twin.valueText = g.pick(["A", "B", ""])
                        }
                        values.append(twin)
                    }
                }
            }
        }
        for i in values.indices.reversed() { values.swapAt(i, g.int(i + 1)) }
        return Cohort(study: study, values: values, doses: doses, arms: arms)
    }

    enum Outcome: Equatable {
        case records([[String]], warnings: [String])
        case error(code: String, message: String)
    }

    /// The records as their ADaM texts plus the internal baseline date (all that `derive` sets).
    static func outcome(_ body: (inout [String]) throws -> [CFBRecord]) -> Outcome {
        var warnings: [String] = []
        do {
            let records = try body(&warnings)
            return .records(records.map { $0.adamValues + [$0.baselineDate, $0.note] }, warnings: warnings)
        } catch let e as AnalysisError {
            // Which of several duplicate baselines is reported depends on hashing order in the
            // reference: only the code is compared then.
            return .error(code: e.code, message: e.code == "duplicate-baseline" ? "" : e.message)
        } catch {
            return .error(code: "other", message: "\(error)")
        }
    }

    @Test func columnarRecordsAreTheRecordDerivations() throws {
        let studies = try StudyDefinition.loadAll(directory: studiesDirectory)
        var kinds: [String: Int] = [:]
        for seed in 1...2_500 as ClosedRange<UInt64> {
            let c = Self.cohort(seed: seed, studies: studies)
            let derivation: ChangeFromBaseline.Derivation
            do {
                derivation = try ChangeFromBaseline.Derivation(study: c.study, firstDoses: c.doses, arms: c.arms)
            } catch {
                continue
            }
            let reference = Self.outcome { try derivation.derive(c.values, warnings: &$0) }
            let columnar = Self.outcome { try derivation.deriveColumns(c.values, warnings: &$0).records }
            if case .error(let code, _) = reference { kinds[code, default: 0] += 1 } else { kinds["records", default: 0] += 1 }
            if reference != columnar {
                Issue.record("seed \(seed): columnar derivation differs\nreference: \(reference)\ncolumnar:  \(columnar)")
                return
            }
        }
        print("outcomes: \(kinds)")
        // The cohorts reach every outcome the derivation has.
        #expect(kinds["records", default: 0] > 1_000)
        for code in ["duplicate-baseline", "mixed-units", "invalid-date"] { #expect(kinds[code, default: 0] > 5, "\(code): \(kinds)") }
    }
}
