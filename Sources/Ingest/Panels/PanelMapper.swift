import Domain
import Foundation

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
    public var panel: Panel { matcher.panel }
    /// The file name diagnostics show.
    public let file: String
    /// Resolutions shared with every other mapper of the same ingest.
    let matcher: PanelMatcher
    private let lock = NSLock()
    private var reported: Set<String> = []

    public convenience init(panel: Panel, file: String = "") {
        self.init(matcher: PanelMatcher(panel: panel), file: file)
    }

    public init(matcher: PanelMatcher, file: String = "") {
        self.matcher = matcher
        self.file = file
    }

    public func map(_ m: Domain.Measurement) -> MappingResult {
        var out = m
        let (outcome, diagnostic) = mapInPlace(&out)
        return MappingResult(measurement: out, outcome: outcome, diagnostic: diagnostic)
    }

    /// `map` on the value where it lies (no copy of its strings): what the pipeline calls.
    /// `gate`: the value's source name as the matcher interned it, when the caller has it.
    func mapInPlace(_ m: inout Domain.Measurement, gate known: PanelMatcher.GateName? = nil)
        -> (outcome: MappingResult.Outcome, diagnostic: Diagnostic?)
    {
        guard m.assay == .cytometry else { return (.unmapped, nil) }
        // The ungated sample (a workspace's sample node, FACSDiva's `All Events`): readers name it
        // `TOTAL` already, the code every panel shares, so there is nothing to map.
        if m.analyte == PopulationCatalogue.totalEvents { return (.mapped(population: m.analyte), nil) }
        let gate = known ?? matcher.gateName(m.sourceName)
        switch gate.resolution {
        case .none:
            let diagnostic = keepUnderSourceName(
                &m, code: "unmapped-population", "matches no mapping of panel \(panel.id)")
            return (.unmapped, diagnostic)
        case .ambiguous(let rules):
            let diagnostic = keepUnderSourceName(
                &m, code: "ambiguous-mapping",
                "matches \(rules.map { "\($0.match) (\($0.population))" }.joined(separator: " and "))")
            return (.ambiguous(populations: rules.map(\.population)), diagnostic)
        case .rule(let rule):
            m.analyte = rule.population
            if let s = rule.statistic { m.statistic = s }
            var diagnostic: Diagnostic?
            if m.statistic.isPercentage || m.statistic == .ratio {
                if let d = rule.denominator {
                    m.denominator = d
                } else if let d = denominator(of: gate, statistic: m.statistic) {
                    m.denominator = d
                } else if m.denominator.isEmpty {
                    diagnostic = .warning(
                        location(m), code: "unknown-denominator",
                        "'\(m.sourceName)' is a \(m.statistic) value but its parent gate cannot be told from the name; give the mapping a denominator"
                    )
                }
            }
            if let def = rule.tregDefinition { m.addFlag(def.flag) }
            return (.mapped(population: rule.population), diagnostic)
        }
    }

    /// Maps a whole file's measurements, collecting the diagnostics.
    public func mapAll(_ ms: [Domain.Measurement]) -> (measurements: [Domain.Measurement], diagnostics: [Diagnostic]) {
        var out = ms
        var diagnostics: [Diagnostic] = []
        for i in out.indices {
            if let d = mapInPlace(&out[i]).diagnostic { diagnostics.append(d) }
        }
        return (out, diagnostics)
    }

    /// The canonical code a gate path maps to, if exactly one rule says so.
    public func population(ofPath path: String) -> String? { matcher.population(ofPath: path) }

    /// A value no single rule maps stays under its source name, flagged; warned about once per name.
    private func keepUnderSourceName(_ m: inout Domain.Measurement, code: String, _ why: String) -> Diagnostic? {
        m.addFlag(MeasurementFlag.unmapped)
        let name = m.sourceName
        guard firstReport(name) else { return nil }
        return .warning(location(m), code: code, "'\(name)' \(why); kept under its source name")
    }

    private func location(_ m: Domain.Measurement) -> SourceLocation {
        SourceLocation(file: file, line: m.sourceLine, column: m.sourceColumn)
    }

    private func firstReport(_ name: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return reported.insert(name).inserted
    }

    /// The denominator of a percentage read from a gate path.
    private func denominator(of gate: PanelMatcher.GateName, statistic: Statistic) -> String? {
        switch statistic {
        case .freqOfTotal: return PopulationCatalogue.totalEvents
        case .freqOfParent: return gate.parentDenominator
        case .freqOfGrandparent: return gate.grandparentDenominator
        default: return nil
        }
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
