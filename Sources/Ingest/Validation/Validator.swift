import Domain
import Foundation

/// Checks a file's (or one sample batch's) cytometry values after panel mapping, and decides
/// which are accepted.
///
/// **Rejected** (error, the value is not accepted):
/// - `negative-count`: a count below zero;
/// - `frequency-out-of-range`: a percentage below 0 or above 100;
/// - `negative-value`: an absolute count or ratio below zero;
/// - `missing-denominator`: a `freq_of` value that does not say what it is a percentage of;
/// - `duplicate-value`: the same sample / analyte / statistic / denominator / parameter twice. With
///   different values both rows are rejected (which one is right cannot be known); an exact
///   repeat (same value) keeps the first row and rejects the repeat. The error names both lines;
/// - `count-exceeds-parent`: a count larger than its parent gate's count in the same sample (the
///   parent is the gate path's parent when the file has its count, else the nearest canonical
///   ancestor with a count, e.g. TREG → CD4, else the sample's total events, `TOTAL`). The child
///   is rejected, the parent kept;
/// - `frequency-count-mismatch`: a frequency that differs from 100 · child count / parent count of
///   the same sample by more than the tolerance, **0.5 percentage points** unless the panel sets
///   `frequency_tolerance_pp` (FlowJo rounds frequencies to 3 significant figures, well within it).
///   Checked for `freq_of_parent`, `freq_of_grandparent` (by gate path) and `freq_of` (by canonical
///   codes). The frequency is rejected; the counts, the primary data, are kept.
///
/// **Warned** (the value is accepted):
/// - `non-whole-count`: a count with a fraction (`WholeCount`, the readers' test too: the FlowJo
///   readers have rounded theirs already), rounded to the nearest whole number (the original
///   text is kept in `rawValue`);
/// - `implausible-value`: a population outside its plausibility range as a percentage of its
///   canonical parent (the panel's range, else the catalogue's), from a percentage of that parent
///   or, when the sample has none, from the two counts. Disease and treatment can move values
///   far, so these are for a person to look at, never a reason to drop data.
///
/// Missing values (NaN) are not checked. Values of different samples are never compared. The
/// duplicate check sees only the batch it is given: validate a whole file, or all rows of a sample
/// at once.
public struct Validator: Sendable {
    public let panel: Panel?
    /// Percentage points (see the type's documentation).
    public let frequencyTolerance: Double
    /// Per canonical population (by `PopulationCatalogue.index(of:)`) with a parent and a
    /// plausible range (the panel's, else the catalogue's): the parent, its index and the range,
    /// looked up once here rather than per value.
    let plausibleShares: [(parent: String, parentIndex: Int, range: ClosedRange<Double>)?]

    public init(panel: Panel) {
        self.init(panel: panel, frequencyTolerance: panel.frequencyTolerance)
    }

    public init(panel: Panel? = nil, frequencyTolerance: Double = 0.5) {
        self.panel = panel
        self.frequencyTolerance = frequencyTolerance
        plausibleShares = PopulationCatalogue.all.map { p in
            guard let parent = p.parent, let parentIndex = PopulationCatalogue.index(of: parent),
                let range = panel?.plausibleRange(of: p.code) ?? p.plausibleRange
            else { return nil }
            return (parent, parentIndex, range)
        }
    }

    public func validate(_ ms: [Domain.Measurement], file: String) -> (accepted: [Domain.Measurement], diagnostics: [Diagnostic]) {
        validate(ms, file: file, gatePaths: GatePathIDs(ms))
    }

    /// `validate` with the values' gate paths already interned (by the panel's matcher).
    func validate(_ ms: [Domain.Measurement], file: String, gatePaths: GatePathIDs) -> (
        accepted: [Domain.Measurement], diagnostics: [Diagnostic]
    ) {
        var run = ValidationRun(ms, file: file, validator: self, gatePaths: gatePaths)
        run.checkRows()
        run.checkDuplicates()
        run.checkSamples()
        return (run.acceptedMeasurements, run.diagnostics)
    }
}

/// The source names (gate paths) of a batch of values as dense ids, with the ids of each one's
/// parent and grandparent path (`GatePath.parent(of:)`, -1 when there is none): the per-sample
/// checks compare gates by id instead of hashing their paths again and again.
struct GatePathIDs {
    var path: [Int] = []
    var parent: [Int] = []
    var grandparent: [Int] = []

    init() {}

    /// For `count` values that are never compared by gate path (derived values).
    init(none count: Int) {
        path = Array(repeating: -1, count: count)
        parent = path
        grandparent = path
    }

    /// Interns the paths of `ms` here (values that went through no panel matcher).
    init(_ ms: [Domain.Measurement]) {
        var ids: [String: Int] = [:]
        func intern(_ s: String) -> Int {
            if let i = ids[s] { return i }
            ids[s] = ids.count
            return ids.count - 1
        }
        path.reserveCapacity(ms.count)
        parent.reserveCapacity(ms.count)
        grandparent.reserveCapacity(ms.count)
        for m in ms {
            let p = GatePath.parent(of: m.sourceName)
            append(
                path: intern(m.sourceName), parent: p.map(intern) ?? -1,
                grandparent: p.flatMap(GatePath.parent(of:)).map(intern) ?? -1)
        }
    }

    mutating func append(path id: Int, parent: Int, grandparent: Int) {
        path.append(id)
        self.parent.append(parent)
        self.grandparent.append(grandparent)
    }
}

/// The state of one `validate` call.
struct ValidationRun {
    var rows: [Domain.Measurement]
    var accepted: [Bool]
    var diagnostics: [Diagnostic] = []
    let file: String
    let validator: Validator
    let gatePaths: GatePathIDs
    /// Which rows carry the flag `derived` (looked up once: flags are a comma-separated string).
    let derived: [Bool]
    /// Each row's analyte as a population slot: its index in `PopulationCatalogue.all`,
    /// `Self.totalEvents` for `TOTAL`, -1 for anything else. Looked up once per row, so the
    /// per-sample checks index arrays instead of hashing codes.
    let population: [Int]
    static let totalEvents = PopulationCatalogue.all.count
    static let populationSlots = totalEvents + 1

    init(_ ms: [Domain.Measurement], file: String, validator: Validator, gatePaths: GatePathIDs) {
        rows = ms
        accepted = Array(repeating: true, count: ms.count)
        self.file = file
        self.validator = validator
        self.gatePaths = gatePaths
        derived = ms.indices.map { MeasurementFlag.derived.isListed(in: ms[$0].flags) }
        // A sample's rows share a few analyte strings (the panel's codes): most are recognised
        // by identity rather than hashed.
        var known = StringIdentityCache<Int>(slots: 64)
        population = ms.indices.map { i in
            if let slot = known.value(for: ms[i].analyte) { return slot }
            let slot = Self.populationSlot(ms[i].analyte)
            known.store(slot, for: ms[i].analyte)
            return slot
        }
    }

    /// See `population`.
    static func populationSlot(_ code: String) -> Int {
        if let i = PopulationCatalogue.index(of: code) { return i }
        return code == PopulationCatalogue.totalEvents ? totalEvents : -1
    }

    var acceptedMeasurements: [Domain.Measurement] {
        if !accepted.contains(false) { return rows }
        var out: [Domain.Measurement] = []
        out.reserveCapacity(rows.count)
        for i in rows.indices where accepted[i] { out.append(rows[i]) }
        return out
    }

    func location(_ i: Int) -> SourceLocation {
        SourceLocation(file: file, line: rows[i].sourceLine, column: rows[i].sourceColumn)
    }

    mutating func reject(_ i: Int, code: String, _ message: String) {
        accepted[i] = false
        diagnostics.append(.error(location(i), code: code, message))
    }

    mutating func warn(_ i: Int, code: String, _ message: String) {
        diagnostics.append(.warning(location(i), code: code, message))
    }

    /// `TREG freq_of_parent of CD4 of sample 'P01_D0.fcs'`
    func describe(_ i: Int) -> String {
        let m = rows[i]
        var s = "\(m.analyte) \(m.statistic)"
        if !m.denominator.isEmpty { s += " of \(m.denominator)" }
        if !m.parameter.isEmpty { s += " [\(m.parameter)]" }
        return s + " of sample '\(m.sample)'"
    }

    func isDerived(_ i: Int) -> Bool { derived[i] }

    // MARK: - Row checks

    mutating func checkRows() {
        // Fields are read where they lie: copying a row would retain and release all its strings.
        for i in rows.indices {
            let value = rows[i].value, statistic = rows[i].statistic
            guard !value.isNaN else { continue }
            if statistic == .count {
                if value < 0 {
                    reject(i, code: "negative-count", "count \(number(value)) of \(describe(i)) is negative")
                } else if !WholeCount.isWhole(value) {
                    let rounded = value.rounded()
                    warn(
                        i, code: "non-whole-count",
                        "count \(number(value)) of \(describe(i)) is not a whole number; rounded to \(number(rounded))")
                    if rows[i].rawValue.isEmpty { rows[i].rawValue = number(value) }
                    rows[i].value = rounded
                }
            } else if statistic.isPercentage {
                if value < 0 || value > 100 {
                    reject(i, code: "frequency-out-of-range", "\(describe(i)) is \(number(value)) %, outside 0–100")
                } else if statistic == .freqOf && rows[i].denominator.isEmpty {
                    reject(i, code: "missing-denominator", "\(describe(i)) does not say what it is a percentage of")
                }
            } else if statistic == .absCount || statistic == .ratio {
                if value < 0 { reject(i, code: "negative-value", "\(describe(i)) is negative (\(number(value)))") }
            }
        }
    }

    // MARK: - Duplicates

    private struct Key: Hashable {
        var sample: String, analyte: String, statistic: Statistic, denominator: String, parameter: String
    }

    mutating func checkDuplicates() {
        // The first row of each key, and the later rows of the (rare) keys seen more than once.
        var first: [Key: Int] = [:]
        var repeats: [Int: [Int]] = [:]
        // The pipeline validates one sample at a time: its name (long, an FCS file name) is then
        // left out of the key rather than hashed for every row.
        // By index: `rows.allSatisfy` would copy every row.
        let oneSample = rows.indices.allSatisfy { rows[$0].sample == rows[0].sample }
        // In one sample, a row whose analyte is a population (nearly all of a panel's) is only
        // compared with the earlier first rows of the same population, a chain or two long,
        // instead of hashing four strings per row: `head` is the latest first row of each
        // population slot, `next` the one before it in the same slot.
        if !oneSample { first.reserveCapacity(rows.count) }
        var head = [Int](repeating: -1, count: oneSample ? Self.populationSlots : 0)
        var next = [Int](repeating: -1, count: oneSample ? rows.count : 0)
        for i in rows.indices where accepted[i] {
            if oneSample, population[i] >= 0 {
                var j = head[population[i]]
                while j >= 0, !sameKeyApartFromAnalyte(i, j) { j = next[j] }
                if j >= 0 {
                    repeats[j, default: []].append(i)
                } else {
                    next[i] = head[population[i]]
                    head[population[i]] = i
                }
                continue
            }
            let key = Key(
                sample: oneSample ? "" : rows[i].sample, analyte: rows[i].analyte, statistic: rows[i].statistic,
                denominator: rows[i].denominator, parameter: rows[i].parameter)
            if let f = first[key] { repeats[f, default: []].append(i) } else { first[key] = i }
        }
        // Keys in order of first appearance.
        for first in repeats.keys.sorted() {
            let group = [first] + repeats[first]!
            let same = group.allSatisfy { sameValue(rows[$0].value, rows[first].value) }
            for i in group.dropFirst() {
                if same {
                    reject(
                        i, code: "duplicate-value",
                        "\(describe(i)) repeats line \(rows[first].sourceLine) with the same value; the repeat is rejected")
                } else {
                    reject(
                        i, code: "duplicate-value",
                        "\(describe(i)) is given twice with different values: line \(rows[first].sourceLine) (\(number(rows[first].value))) and line \(rows[i].sourceLine) (\(number(rows[i].value))); both rejected"
                    )
                }
            }
            if !same { accepted[first] = false }
        }
    }

    private func sameValue(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

    /// Whether rows `i` and `j`, of one sample and one population, have the same duplicate key.
    private func sameKeyApartFromAnalyte(_ i: Int, _ j: Int) -> Bool {
        rows[i].statistic == rows[j].statistic && rows[i].denominator == rows[j].denominator
            && rows[i].parameter == rows[j].parameter
    }

    // MARK: - Per-sample checks

    mutating func checkSamples() {
        var indices: [Int] = []
        indices.reserveCapacity(rows.count)
        var oneSample = true
        for i in rows.indices where accepted[i] && rows[i].assay == .cytometry {
            if let f = indices.first, oneSample, rows[i].sample != rows[f].sample { oneSample = false }
            indices.append(i)
        }
        // The pipeline validates one sample at a time: no grouping needed then.
        if oneSample {
            if !indices.isEmpty { checkSample(indices) }
            return
        }
        var bySample: [String: [Int]] = [:]
        var order: [String] = []
        for i in indices {
            if bySample[rows[i].sample] == nil { order.append(rows[i].sample) }
            bySample[rows[i].sample, default: []].append(i)
        }
        for sample in order { checkSample(bySample[sample]!) }
    }

    private mutating func checkSample(_ indices: [Int]) {
        let before = diagnostics.count
        var c = counts(indices)
        checkChildCounts(indices, c)
        // Counts rejected as larger than their parent no longer count.
        if diagnostics.count != before { c = counts(indices) }
        checkFrequenciesAgainstCounts(indices, c)
        checkPlausibility(indices, c)
    }

    /// Counts of one sample by gate path id and by population slot (accepted, with a number);
    /// the sample's total events are `byPopulation[totalEvents]`.
    private struct Counts {
        var byPath: [Int: Int] = [:]
        /// The first count row of each population slot, -1 where the sample has none.
        var byPopulation = [Int](repeating: -1, count: ValidationRun.populationSlots)

        func row(_ slot: Int) -> Int? { slot >= 0 && byPopulation[slot] >= 0 ? byPopulation[slot] : nil }
    }

    private func counts(_ indices: [Int]) -> Counts {
        var c = Counts()
        c.byPath.reserveCapacity(indices.count)
        for i in indices where accepted[i] && rows[i].statistic == .count && !rows[i].value.isNaN && !isDerived(i) {
            let path = gatePaths.path[i]
            if c.byPath[path] == nil { c.byPath[path] = i }
            let slot = population[i]
            if slot >= 0 && c.byPopulation[slot] < 0 { c.byPopulation[slot] = i }
        }
        return c
    }

    /// The row holding the count of the gate `i` is a subset of, if the sample has it: every
    /// population is a subset of the sample's total events.
    private func parentCount(of i: Int, _ c: Counts) -> Int? {
        let slot = population[i]
        if slot == Self.totalEvents { return nil }
        if gatePaths.parent[i] >= 0, let j = c.byPath[gatePaths.parent[i]] { return j }
        if slot >= 0 {
            for ancestor in PopulationCatalogue.ancestorIndices[slot] {
                if let j = c.row(ancestor) { return j }
            }
        }
        return c.row(Self.totalEvents)
    }

    private mutating func checkChildCounts(_ indices: [Int], _ c: Counts) {
        for i in indices where accepted[i] && rows[i].statistic == .count && !rows[i].value.isNaN && !isDerived(i) {
            guard let j = parentCount(of: i, c), j != i else { continue }
            if rows[i].value > rows[j].value {
                reject(
                    i, code: "count-exceeds-parent",
                    "count \(number(rows[i].value)) of '\(rows[i].sourceName)' in sample '\(rows[i].sample)' exceeds the count \(number(rows[j].value)) of its parent '\(rows[j].sourceName)' (line \(rows[j].sourceLine), column \(rows[j].sourceColumn))"
                )
            }
        }
    }

    private mutating func checkFrequenciesAgainstCounts(_ indices: [Int], _ c: Counts) {
        let tolerance = validator.frequencyTolerance
        for i in indices where accepted[i] && !rows[i].value.isNaN && !isDerived(i) {
            let statistic = rows[i].statistic
            var pair: (child: Int, parent: Int)?
            switch statistic {
            case .freqOfParent, .freqOfGrandparent:
                guard let child = c.byPath[gatePaths.path[i]] else { break }
                let ancestor = statistic == .freqOfGrandparent ? gatePaths.grandparent[i] : gatePaths.parent[i]
                if ancestor >= 0, let parent = c.byPath[ancestor] {
                    pair = (child, parent)
                } else if ancestor < 0, rows[i].denominator == PopulationCatalogue.totalEvents,
                    let total = c.row(Self.totalEvents)
                {
                    // A top-level gate: its parent is the ungated sample.
                    pair = (child, total)
                }
            case .freqOf:
                if let child = c.row(population[i]), let parent = c.row(Self.populationSlot(rows[i].denominator)) {
                    pair = (child, parent)
                }
            default:
                break
            }
            guard let (child, parent) = pair, rows[parent].value > 0 else { continue }
            let expected = 100 * rows[child].value / rows[parent].value
            if abs(rows[i].value - expected) > tolerance + 1e-9 {
                reject(
                    i, code: "frequency-count-mismatch",
                    "\(describe(i)) is \(number(rows[i].value)) % but the counts give \(number(rounded(expected))) % (100 × \(number(rows[child].value)) / \(number(rows[parent].value)), lines \(rows[child].sourceLine) and \(rows[parent].sourceLine)); tolerance ±\(number(tolerance)) percentage points"
                )
            }
        }
    }

    private mutating func checkPlausibility(_ indices: [Int], _ c: Counts) {
        let shares = validator.plausibleShares
        var checked = [Bool](repeating: false, count: Self.populationSlots)
        // From percentages of the canonical parent first…
        for i in indices where accepted[i] && !rows[i].value.isNaN && rows[i].statistic.isPercentage {
            let slot = population[i]
            guard slot >= 0, slot < shares.count, let share = shares[slot], rows[i].denominator == share.parent else { continue }
            checked[slot] = true
            if !share.range.contains(rows[i].value) { warnImplausible(i, slot, rows[i].value, share.range) }
        }
        // …then from counts for populations the sample gave no such percentage for, in the order
        // of their rows.
        let counted = (0..<shares.count).filter { c.byPopulation[$0] >= 0 }.sorted { c.byPopulation[$0] < c.byPopulation[$1] }
        for slot in counted where !checked[slot] && accepted[c.byPopulation[slot]] {
            let i = c.byPopulation[slot]
            guard let share = shares[slot], let j = c.row(share.parentIndex), accepted[j], rows[j].value > 0 else { continue }
            let percent = 100 * rows[i].value / rows[j].value
            if !share.range.contains(percent) { warnImplausible(i, slot, percent, share.range, fromCounts: (rows[i].value, rows[j].value)) }
        }
    }

    private mutating func warnImplausible(
        _ i: Int, _ slot: Int, _ percent: Double, _ range: ClosedRange<Double>,
        fromCounts: (Double, Double)? = nil
    ) {
        let p = PopulationCatalogue.all[slot]
        let how = fromCounts.map { " (100 × \(number($0.0)) / \(number($0.1)))" } ?? ""
        warn(
            i, code: "implausible-value",
            "\(p.code) is \(number(rounded(percent))) % of \(p.parent!)\(how) in sample '\(rows[i].sample)', outside the plausible \(number(range.lowerBound))–\(number(range.upperBound)) % (\(p.reference)); check the gate and the mapping"
        )
    }
}

private func rounded(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

/// Whole numbers without a decimal point; others in Swift's shortest form.
func number(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(v)
}
