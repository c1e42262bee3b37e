import Domain
import Foundation
import Readers

/// Computes a panel's derived values (percent of an ancestor, ratios, absolute counts) for each
/// sample from that sample's own mapped measurements. Values of different samples are never
/// combined: the input is grouped by `sample` first, whatever order it comes in.
///
/// Inputs, per sample and canonical population:
/// - `count` values (preferred: full precision);
/// - failing counts, percentages whose analyte and denominator are canonical codes
///   (`freq_of_parent`, `freq_of_grandparent`, `freq_of`, `freq_of_total`): P % of A is then the
///   product along a chain of them (TREG % of CD4 × CD4 % of CD3 …), or the quotient of two
///   percentages of a common gate ("FoxP3+ of lymphocytes" ÷ "CD4+ of lymphocytes").
/// Only `in_range` values with a number are used; a population with two different counts in one
/// sample is ambiguous and not used (the validator reports the duplicate).
///
/// A value the sample already has as measured (same analyte, statistic and denominator: lab B
/// exports "CD25hiCD127lo of CD4 (%)" itself) is not derived again, so no key is stored twice.
///
/// Outputs carry the flag `derived` plus how they were obtained (`from-counts`,
/// `from-frequencies`, `bead-count`, `dual-platform`), the `treg_definition=…` flags of their
/// inputs, the line and column of the numerator's input row, and the arithmetic in `extra`
/// (`{"formula":"100 × 1234 / 20000"}`). A zero divisor gives NaN with qualifier
/// `not_available`, never 0 or infinity.
public enum PanelDerivedValues {
    public static let absoluteCountUnit = "cells/µL"

    /// Derived values of every sample in `sampleMeasurements` (see `deriveReporting` for the
    /// diagnostics saying why a declared value could not be derived).
    public static func derive(
        sampleMeasurements: [Domain.Measurement], panel: Panel,
        bloodCounts: BloodCounts = BloodCounts()
    ) -> [Domain.Measurement] {
        deriveReporting(sampleMeasurements: sampleMeasurements, panel: panel, bloodCounts: bloodCounts, file: "").measurements
    }

    /// Derived values plus a warning for each declared value a sample lacks the inputs for
    /// (missing population, zero divisor, no same-day blood count). Diagnostics point at the
    /// sample's first row in `file`.
    public static func deriveReporting(
        sampleMeasurements: [Domain.Measurement], panel: Panel,
        bloodCounts: BloodCounts = BloodCounts(),
        file: String
    ) -> (measurements: [Domain.Measurement], diagnostics: [Diagnostic]) {
        deriveReporting(
            sampleMeasurements: sampleMeasurements, panel: panel, bloodCounts: bloodCounts, file: file,
            sourceNames: sourceNames(of: panel))
    }

    /// The source name of each of the panel's derived values (`derived: TREG % of CD4`).
    static func sourceNames(of panel: Panel) -> [String] { panel.derived.map { "derived: \($0)" } }

    /// `deriveReporting` with the source names made once for the ingest (`sourceNames(of:)`)
    /// rather than once per value: the same strings in every sample also let the block encoder
    /// recognise them by identity.
    static func deriveReporting(
        sampleMeasurements: [Domain.Measurement], panel: Panel, bloodCounts: BloodCounts, file: String,
        sourceNames: [String]
    ) -> (measurements: [Domain.Measurement], diagnostics: [Diagnostic]) {
        guard !panel.derived.isEmpty else { return ([], []) }
        var out: [Domain.Measurement] = []
        var diagnostics: [Diagnostic] = []
        func derive(_ sample: [Domain.Measurement]) {
            var derivation = SampleDerivedValues(sample, panel: panel, bloodCounts: bloodCounts, file: file)
            for (k, value) in panel.derived.enumerated() { derivation.derive(value, sourceName: sourceNames[k]) }
            out += derivation.results
            diagnostics += derivation.diagnostics
        }
        // The pipeline gives one sample's cytometry values at a time: no grouping needed then.
        // (By index: `allSatisfy` would copy every value, a dozen strings each.)
        if !sampleMeasurements.isEmpty,
            sampleMeasurements.indices.allSatisfy({
                sampleMeasurements[$0].assay == .cytometry && sampleMeasurements[$0].sample == sampleMeasurements[0].sample
            })
        {
            derive(sampleMeasurements)
            return (out, diagnostics)
        }
        var order: [String] = []
        var groups: [String: [Domain.Measurement]] = [:]
        for m in sampleMeasurements where m.assay == .cytometry {
            if groups[m.sample] == nil { order.append(m.sample) }
            groups[m.sample, default: []].append(m)
        }
        for sample in order { derive(groups[sample]!) }
        return (out, diagnostics)
    }
}

/// The derivation of one sample's values.
///
/// Inputs are referred to by their index in the sample's values (`rows`), never copied: a
/// `Measurement` copy retains and releases a dozen strings, which made this a quarter of the
/// FlowJo ingest's time.
struct SampleDerivedValues {
    let rows: [Domain.Measurement]
    var template: Domain.Measurement { rows[0] }
    let panel: Panel
    let bloodCounts: BloodCounts
    let file: String
    /// The row of each canonical code's count (nil value: ambiguous, present twice with
    /// different values).
    var counts: [String: Int?] = [:]
    /// Measured fractions (not percent) of one canonical population of another, and their row.
    var edges: [String: [(to: String, fraction: Double, source: Int)]] = [:]
    var results: [Domain.Measurement] = []
    var diagnostics: [Diagnostic] = []
    /// Analyte, statistic and denominator of the values the sample measured: a value the lab
    /// reported itself is not derived again (the validator has checked it against the counts).
    var measured: Set<MeasuredKey> = []
    /// The source name of the derived value being derived.
    private var sourceName = ""

    struct MeasuredKey: Hashable {
        var analyte: String, statistic: Statistic, denominator: String
    }

    init(_ ms: [Domain.Measurement], panel: Panel, bloodCounts: BloodCounts, file: String) {
        rows = ms
        self.panel = panel
        self.bloodCounts = bloodCounts
        self.file = file
        counts.reserveCapacity(ms.count)
        edges.reserveCapacity(ms.count)
        // Rows are read by index, field by field: `for m in ms` would copy each row's strings.
        for i in ms.indices {
            let statistic = ms[i].statistic
            // Only the statistics a derived value has can stop one from being derived.
            if ms[i].parameter.isEmpty && (statistic == .freqOf || statistic == .ratio || statistic == .absCount) {
                measured.insert(MeasuredKey(analyte: ms[i].analyte, statistic: statistic, denominator: ms[i].denominator))
            }
            let value = ms[i].value
            guard ms[i].qualifier == .inRange, value.isFinite, PopulationCatalogue.contains(ms[i].analyte) else { continue }
            if statistic == .count {
                if let existing = counts[ms[i].analyte] {
                    if existing.map({ ms[$0].value }) != value { counts[ms[i].analyte] = .some(nil) }
                } else {
                    counts[ms[i].analyte] = i
                }
            } else if statistic.isPercentage, !MeasurementFlag.derived.isListed(in: ms[i].flags),
                PopulationCatalogue.contains(ms[i].denominator) || ms[i].denominator == PopulationCatalogue.totalEvents
            {
                edges[ms[i].analyte, default: []].append((ms[i].denominator, value / 100, i))
            }
        }
    }

    /// The row of `code`'s count.
    private func countRow(_ code: String) -> Int? { counts[code] ?? nil }

    /// P as a fraction of A, with the rows of the inputs used and a formula.
    private struct Quotient {
        var value: Double
        var numerator: Int
        var inputs: [Int]
        var formula: String
        var method: MeasurementFlag
    }

    /// Fractions of `code` relative to every gate reachable through measured percentages,
    /// shortest chain first.
    private func reachable(from code: String) -> [String: (fraction: Double, chain: [Int])] {
        var out: [String: (Double, [Int])] = [code: (1, [])]
        var frontier = [code]
        while !frontier.isEmpty {
            var next: [String] = []
            for node in frontier {
                let (f, chain) = out[node]!
                for e in edges[node] ?? [] where out[e.to] == nil {
                    out[e.to] = (f * e.fraction, chain + [e.source])
                    next.append(e.to)
                }
            }
            frontier = next
        }
        return out
    }

    /// P / A from counts, else from measured percentages; nil when the sample lacks the inputs.
    private func quotient(_ p: String, _ a: String) -> Quotient? {
        if let cp = countRow(p), let ca = countRow(a) {
            return Quotient(
                value: rows[cp].value / rows[ca].value, numerator: cp, inputs: [cp, ca],
                formula: "\(format(rows[cp].value)) / \(format(rows[ca].value))", method: .fromCounts)
        }
        let fromP = reachable(from: p)
        if let (f, chain) = fromP[a], !chain.isEmpty {
            return Quotient(
                value: f, numerator: chain[0], inputs: chain, formula: percentages(chain), method: .fromFrequencies)
        }
        let fromA = reachable(from: a)
        // A common reference gate, the nearest to P first.
        let common = fromP.filter { $0.key != p && fromA[$0.key] != nil }
            .sorted { ($0.value.chain.count, $0.key) < ($1.value.chain.count, $1.key) }
        if let (_, (fp, chainP)) = common.first, let (fa, chainA) = fromA[common.first!.key] {
            let formula = "(\(percentages(chainP))) / (\(chainA.isEmpty ? "100%" : percentages(chainA)))"
            return Quotient(
                value: fa == 0 ? .nan : fp / fa, numerator: chainP[0], inputs: chainP + chainA,
                formula: formula, method: .fromFrequencies)
        }
        return nil
    }

    /// `12.5% × 40%`: the measured percentages of a chain of rows.
    private func percentages(_ chain: [Int]) -> String {
        chain.map { "\(format(rows[$0].value))%" }.joined(separator: " × ")
    }

    /// Derives `value` for the sample, if it has the inputs; its rows are named `sourceName`.
    mutating func derive(_ value: DerivedValue, sourceName: String) {
        self.sourceName = sourceName
        let key: MeasuredKey
        switch value {
        case .percentOf(let p, let a): key = MeasuredKey(analyte: p, statistic: .freqOf, denominator: a)
        case .ratio(let n, let d): key = MeasuredKey(analyte: n, statistic: .ratio, denominator: d)
        case .absoluteCount(let p): key = MeasuredKey(analyte: p, statistic: .absCount, denominator: "")
        }
        if measured.contains(key) { return }
        // A sample with none of the inputs (a clinical row, another panel's tube) is not this
        // derived value's business: only a sample with some but not all inputs is worth a warning.
        let inputs: [String]
        switch value {
        case .percentOf(let p, let a): inputs = [p, a]
        case .ratio(let n, let d): inputs = [n, d]
        case .absoluteCount(let p): inputs = [p]
        }
        if !inputs.contains(where: { counts[$0] != nil || edges[$0] != nil }) { return }
        switch value {
        case .percentOf(let p, let a):
            guard let q = quotient(p, a) else { return missing(value, needs: [p, a]) }
            let percent = q.value * 100
            let formula = q.method == .fromCounts ? "100 × \(q.formula)" : q.formula
            emit(
                value, analyte: p, statistic: .freqOf, denominator: a, value: percent, unit: "%",
                quotient: q, formula: formula, divisorZero: !q.value.isFinite)
        case .ratio(let n, let d):
            guard let q = quotient(n, d) else { return missing(value, needs: [n, d]) }
            emit(
                value, analyte: n, statistic: .ratio, denominator: d, value: q.value, unit: "",
                quotient: q, formula: q.formula, divisorZero: !q.value.isFinite)
        case .absoluteCount(let p):
            deriveAbsolute(p)
        }
    }

    private mutating func deriveAbsolute(_ p: String) {
        let value = DerivedValue.absoluteCount(population: p)
        switch panel.absoluteCounts {
        case .none:
            return
        case .beads(let beadCode, let perTest, let volume):
            guard let c = countRow(p), let b = countRow(beadCode) else {
                return missing(value, needs: [p, beadCode], what: "counts of")
            }
            let (cells, beads) = (rows[c].value, rows[b].value)
            let q = Quotient(
                value: cells / beads, numerator: c, inputs: [c, b],
                formula: "\(format(cells)) / \(format(beads)) × \(format(perTest)) / \(format(volume)) µL",
                method: .beadCount)
            emit(
                value, analyte: p, statistic: .absCount, denominator: "", value: q.value * perTest / volume,
                unit: PanelDerivedValues.absoluteCountUnit, quotient: q, formula: q.formula, divisorZero: !q.value.isFinite)
        case .dualPlatform(let reference):
            // Without any blood counts (no --blood-counts) dual-platform values are simply not
            // derived; with some, a sample that has none is worth a warning.
            if bloodCounts.isEmpty { return }
            guard let lymphocytes = bloodCounts.lymphocytesPerMicrolitre(for: template) else {
                diagnostics.append(
                    .warning(
                        location(template), code: "missing-blood-count",
                        "\(value) for sample \(template.sample): no same-day lymphocyte count (subject '\(template.subject)', date '\(template.collectionDate)')"
                    ))
                return
            }
            if p == reference {
                let q = Quotient(
                    value: 1, numerator: 0, inputs: [], formula: "\(format(lymphocytes)) /µL (blood count)", method: .dualPlatform)
                return emit(
                    value, analyte: p, statistic: .absCount, denominator: "", value: lymphocytes,
                    unit: PanelDerivedValues.absoluteCountUnit, quotient: q, formula: q.formula, divisorZero: false)
            }
            guard var q = quotient(p, reference) else { return missing(value, needs: [p, reference]) }
            q.method = .dualPlatform
            emit(
                value, analyte: p, statistic: .absCount, denominator: "", value: q.value * lymphocytes,
                unit: PanelDerivedValues.absoluteCountUnit, quotient: q,
                formula: "(\(q.formula)) × \(format(lymphocytes)) /µL", divisorZero: !q.value.isFinite)
        }
    }

    private mutating func emit(
        _ what: DerivedValue, analyte: String, statistic: Statistic, denominator: String,
        value: Double, unit: String, quotient q: Quotient, formula: String, divisorZero: Bool
    ) {
        var m = template
        m.analyte = analyte
        m.sourceName = sourceName
        m.statistic = statistic
        m.denominator = denominator
        m.parameter = ""
        m.unit = unit
        // As `addFlag` would write them: derived, the method, then each input's Treg definition once.
        // Built in one string (an array joined was a copy per flag); the Treg flags are the only
        // ones that can repeat.
        var flags = MeasurementFlag.derived.rawValue + "," + q.method.rawValue
        var tregFlags: [Substring] = []
        for input in q.inputs where !rows[input].flags.isEmpty {
            Self.forEachTregDefinitionFlag(in: rows[input].flags) { flag in
                guard !tregFlags.contains(flag) else { return }
                tregFlags.append(flag)
                flags += ","
                flags += flag
            }
        }
        m.flags = flags
        m.extra = JSONText.object([("formula", formula)])
        m.sourceLine = rows[q.numerator].sourceLine
        m.sourceColumn = rows[q.numerator].sourceColumn
        if divisorZero || !value.isFinite {
            m.value = .nan
            m.qualifier = .notAvailable
            m.rawValue = "division by zero"
            diagnostics.append(
                .warning(
                    location(rows[q.numerator]), code: "zero-divisor",
                    "\(what) for sample \(template.sample) is not available: the divisor is zero (\(formula))"))
        } else {
            m.value = value
            m.qualifier = .inRange
            m.rawValue = ""
        }
        results.append(m)
    }

    /// Calls `body` with each `treg_definition=…` flag of a row's flags. A row has one flag, or
    /// none, nearly always: that case is answered without splitting (splitting every input's
    /// flags for every derived value was 2 % of the plate ingest).
    private static func forEachTregDefinitionFlag(in rowFlags: String, _ body: (Substring) -> Void) {
        let treg = MeasurementFlag.tregDefinitionPrefix
        // By bytes: as characters the prefix could only differ when the byte after it starts a
        // mark joining its `=` (never ASCII), so only then are characters compared (the generic
        // `hasPrefix` of a substring was 2 % of the plate ingest on its own).
        func isTreg(_ flag: Substring) -> Bool {
            guard flag.utf8.starts(with: treg.utf8) else { return false }
            let after = flag.utf8.dropFirst(treg.utf8.count).first
            return after.map { $0 < 0x80 } ?? true || flag.hasPrefix(treg)
        }
        if !rowFlags.utf8.contains(UInt8(ascii: ",")) {
            let flag = rowFlags[...]
            if isTreg(flag) { body(flag) }
            return
        }
        for flag in rowFlags.split(separator: ",") where isTreg(flag) { body(flag) }
    }

    private mutating func missing(_ what: DerivedValue, needs codes: [String], what kind: String = "count or frequency of") {
        let ambiguous = codes.filter { counts[$0] != nil && countRow($0) == nil }
        let absent = codes.filter { countRow($0) == nil && edges[$0] == nil && !ambiguous.contains($0) }
        let detail: String
        if !ambiguous.isEmpty {
            detail = "two different counts of \(ambiguous.joined(separator: ", "))"
        } else if !absent.isEmpty {
            detail = "no \(kind) \(absent.joined(separator: ", "))"
        } else {
            detail = "no counts or frequencies that relate \(codes.joined(separator: " and "))"
        }
        diagnostics.append(
            .warning(
                location(template), code: "derivation-missing-input",
                "cannot derive \(what) for sample \(template.sample): \(detail)"))
    }

    private func location(_ m: Domain.Measurement) -> SourceLocation {
        SourceLocation(file: file, line: m.sourceLine, column: m.sourceColumn)
    }
}

/// Numbers in formulas: whole numbers without a decimal point, others as written by Swift.
private func format(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(v)
}
