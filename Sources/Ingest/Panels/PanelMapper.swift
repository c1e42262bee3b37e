import Foundation
import Domain

/// What became of one measurement in panel mapping.
public struct MappingResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// `analyte` is now the canonical code.
        case mapped(population: String)
        /// No rule matched: the value is kept under its source name, flagged `unmapped`.
        case unmapped
        /// Several pattern rules matched with different populations: kept under its source name,
        /// flagged `unmapped`, never guessed.
        case ambiguous(populations: [String])
    }

    public var measurement: Domain.Measurement
    public var outcome: Outcome
    /// A warning the first time a source name could not be mapped (once per name and mapper), or
    /// when a mapped percentage's denominator could not be named canonically.
    public var diagnostic: Diagnostic?

    public var isMapped: Bool {
        if case .mapped = outcome { return true }
        return false
    }
}

/// Maps measurements of one file onto canonical populations with a panel.
///
/// Rules are tried in order of specificity: an exact `path` first, then the longest matching
/// `suffix`, then `pattern`s. Two patterns that match the same name with different populations
/// are ambiguous: the value is left unmapped and reported, never assigned to either.
///
/// A mapped value gets `analyte` = the population code and, for percentages, `denominator` = the
/// code of the gate it is a percentage of (the parent path for `freq_of_parent`, the grandparent
/// for `freq_of_grandparent`, `TOTAL` for `freq_of_total`, or the mapping's explicit
/// `denominator`). When that gate is not mapped, the denominator keeps its source path: still
/// exact, just not canonical. A top-level gate's percentage keeps the denominator its reader gave
/// (`TOTAL`: its parent is the ungated sample). Populations that depend on the Treg definition get the flag
/// `treg_definition=…`. Non-cytometry measurements pass through untouched.
///
/// One mapper per file: it remembers which unmapped names it has already reported. It is safe to
/// call from several threads.
public final class PanelMapper: @unchecked Sendable {
    public let panel: Panel
    /// The file name diagnostics show.
    public let file: String
    private let lock = NSLock()
    private var reported: Set<String> = []
    private var cache: [String: Resolution] = [:]

    public init(panel: Panel, file: String = "") {
        self.panel = panel
        self.file = file
    }

    public func map(_ m: Domain.Measurement) -> MappingResult {
        guard m.assay == .cytometry else { return MappingResult(measurement: m, outcome: .unmapped, diagnostic: nil) }
        // The ungated sample (a workspace's sample node, FACSDiva's `All Events`): readers name it
        // `TOTAL` already, the code every panel shares, so there is nothing to map.
        if m.analyte == PopulationCatalogue.totalEvents {
            return MappingResult(measurement: m, outcome: .mapped(population: m.analyte), diagnostic: nil)
        }
        let name = m.sourceName
        let location = SourceLocation(file: file, line: m.sourceLine, column: m.sourceColumn)
        switch resolve(name) {
        case .none:
            var out = m
            out.addFlag(MeasurementFlag.unmapped)
            let diagnostic = firstReport(name) ? Diagnostic.warning(location, code: "unmapped-population",
                "'\(name)' matches no mapping of panel \(panel.id); kept under its source name") : nil
            return MappingResult(measurement: out, outcome: .unmapped, diagnostic: diagnostic)
        case .ambiguous(let rules):
            var out = m
            out.addFlag(MeasurementFlag.unmapped)
            let codes = rules.map(\.population)
            let diagnostic = firstReport(name) ? Diagnostic.warning(location, code: "ambiguous-mapping",
                "'\(name)' matches \(rules.map { "\($0.match) (\($0.population))" }.joined(separator: " and ")); kept under its source name") : nil
            return MappingResult(measurement: out, outcome: .ambiguous(populations: codes), diagnostic: diagnostic)
        case .rule(let rule):
            var out = m
            out.analyte = rule.population
            if let s = rule.statistic { out.statistic = s }
            var diagnostic: Diagnostic?
            if out.statistic.isPercentage || out.statistic == .ratio {
                if let d = rule.denominator {
                    out.denominator = d
                } else if let d = denominator(of: name, statistic: out.statistic) {
                    out.denominator = d
                } else if out.denominator.isEmpty {
                    diagnostic = .warning(location, code: "unknown-denominator",
                        "'\(name)' is a \(out.statistic) value but its parent gate cannot be told from the name; give the mapping a denominator")
                }
            }
            if let def = rule.tregDefinition { out.addFlag(def.flag) }
            return MappingResult(measurement: out, outcome: .mapped(population: rule.population), diagnostic: diagnostic)
        }
    }

    /// Maps a whole file's measurements, collecting the diagnostics.
    public func mapAll(_ ms: [Domain.Measurement]) -> (measurements: [Domain.Measurement], diagnostics: [Diagnostic]) {
        var out: [Domain.Measurement] = []
        var diagnostics: [Diagnostic] = []
        out.reserveCapacity(ms.count)
        for m in ms {
            let r = map(m)
            out.append(r.measurement)
            if let d = r.diagnostic { diagnostics.append(d) }
        }
        return (out, diagnostics)
    }

    /// The canonical code a gate path maps to, if exactly one rule says so.
    public func population(ofPath path: String) -> String? {
        if case .rule(let r) = resolve(path) { return r.population }
        return nil
    }

    // MARK: - Resolution

    private enum Resolution {
        case none
        case rule(PopulationMapping)
        case ambiguous([PopulationMapping])
    }

    private func resolve(_ name: String) -> Resolution {
        lock.lock()
        if let r = cache[name] { lock.unlock(); return r }
        lock.unlock()
        let r = Self.resolve(name, panel.mappings)
        lock.lock()
        cache[name] = r
        lock.unlock()
        return r
    }

    private static func resolve(_ name: String, _ rules: [PopulationMapping]) -> Resolution {
        if let exact = rules.first(where: { if case .exact(let s) = $0.match { return s == name }; return false }) {
            return .rule(exact)
        }
        var best: (rule: PopulationMapping, length: Int)?
        for rule in rules {
            guard case .suffix(let s) = rule.match, rule.matches(name) else { continue }
            if best == nil || s.count > best!.length { best = (rule, s.count) }
        }
        if let best { return .rule(best.rule) }
        let patterns = rules.filter { if case .pattern = $0.match { return $0.matches(name) }; return false }
        guard let first = patterns.first else { return .none }
        let distinct = patterns.filter { $0.population != first.population }
        if distinct.isEmpty { return .rule(first) }
        var seen: Set<String> = []
        return .ambiguous(patterns.filter { seen.insert($0.population).inserted })
    }

    private func firstReport(_ name: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return reported.insert(name).inserted
    }

    /// The denominator of a percentage read from a gate path.
    private func denominator(of path: String, statistic: Statistic) -> String? {
        let levelsUp: Int
        switch statistic {
        case .freqOfTotal: return PopulationCatalogue.totalEvents
        case .freqOfParent: levelsUp = 1
        case .freqOfGrandparent: levelsUp = 2
        default: return nil
        }
        var components = GatePath.components(path)
        guard components.count > levelsUp else { return nil }
        components.removeLast(levelsUp)
        let ancestor = GatePath.join(components)
        return population(ofPath: ancestor) ?? ancestor
    }
}

/// Gate paths as FlowJo writes them: components separated by `/`.
public enum GatePath {
    public static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    public static func join(_ components: [String]) -> String { components.joined(separator: "/") }

    /// The parent gate's path, nil for a top-level gate or a name without slashes.
    public static func parent(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let p = String(path[..<slash])
        return p.isEmpty ? nil : p
    }
}
