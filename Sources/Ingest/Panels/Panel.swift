import Domain
import Foundation
import YAMLSchema

/// A lab's cytometry panel: how its gate paths and column names map onto canonical populations,
/// which Treg definition it gates by, and which per-sample values to derive.
///
/// Loaded from `pipelines/panels/*.yaml`; `docs/panels.md` documents the format.
public struct Panel: Sendable {
    /// Stable identifier recorded with every ingested batch (`treg-tfh-flowjo`).
    public var id: String
    public var name: String
    public var lab: String
    public var version: String
    /// The Treg definition of the whole panel, if it states one; a mapping may override it.
    public var tregDefinition: TregDefinition?
    public var mappings: [PopulationMapping]
    public var derived: [DerivedValue]
    public var absoluteCounts: AbsoluteCountMethod?
    /// Panel-specific plausibility ranges (percent of the canonical parent) replacing the
    /// catalogue's, e.g. for a disease cohort.
    public var plausibility: [String: ClosedRange<Double>]
    /// How far a frequency may differ from 100·child/parent computed from the counts of the same
    /// file, in percentage points. FlowJo writes frequencies to 3 significant figures, so 0.5 pp
    /// is generous for rounding and strict for a frequency exported from another gate.
    public var frequencyTolerance: Double
    /// The file it was loaded from (for provenance), empty when built in code.
    public var source: String

    public init(
        id: String, name: String = "", lab: String = "", version: String = "1",
        tregDefinition: TregDefinition? = nil, mappings: [PopulationMapping],
        derived: [DerivedValue] = [], absoluteCounts: AbsoluteCountMethod? = nil,
        plausibility: [String: ClosedRange<Double>] = [:], frequencyTolerance: Double = 0.5,
        source: String = ""
    ) {
        self.id = id
        self.name = name
        self.lab = lab
        self.version = version
        self.tregDefinition = tregDefinition
        self.mappings = mappings
        self.derived = derived
        self.absoluteCounts = absoluteCounts
        self.plausibility = plausibility
        self.frequencyTolerance = frequencyTolerance
        self.source = source
    }

    /// Loads and checks a panel file. Throws `FileRejected` naming the line, column and key path
    /// of the first problem (YAML syntax, unknown key, unknown population code, invalid regex,
    /// a Treg-dependent population without a Treg definition…).
    public static func load(path: String) throws -> Panel {
        var panel = try YAMLConfig.load(Panel.self, path: path)
        panel.source = path
        return panel
    }

    /// Parses panel YAML held in memory; `file` is the name diagnostics show.
    public static func parse(yaml: String, file: String = "panel.yaml") throws -> Panel {
        var panel = try YAMLConfig.decode(Panel.self, yaml: yaml, file: file)
        panel.source = file
        return panel
    }

    /// The plausibility range for a population: the panel's override, else the catalogue's.
    public func plausibleRange(of code: String) -> ClosedRange<Double>? {
        plausibility[code] ?? PopulationCatalogue.population(code)?.plausibleRange
    }

    /// The Treg definition that applies to values mapped to `code` (nil when it does not matter).
    public func tregDefinition(of code: String) -> TregDefinition? {
        guard PopulationCatalogue.population(code)?.dependsOnTregDefinition == true else { return nil }
        return mappings.first { $0.population == code && $0.tregDefinition != nil }?.tregDefinition ?? tregDefinition
    }
}

/// One rule of a panel: gate paths or column names that mean a canonical population.
public struct PopulationMapping: Sendable {
    public enum Match: Sendable, CustomStringConvertible {
        /// The whole source name, exactly.
        case exact(String)
        /// The last path components (`CD4+/CD25+FoxP3+` matches `…/CD3+/CD4+/CD25+FoxP3+` but not
        /// `…/xCD4+/CD25+FoxP3+`).
        case suffix(String)
        /// A regular expression searched in the source name (anchor it with `^`/`$` as needed).
        case pattern(GatePattern)

        public var description: String {
            switch self {
            case .exact(let s): return "path '\(s)'"
            case .suffix(let s): return "suffix '\(s)'"
            case .pattern(let p): return "pattern '\(p.source)'"
            }
        }
    }

    public var match: Match
    /// Canonical population code (from `PopulationCatalogue`).
    public var population: String
    /// The Treg definition this gate uses, when the population depends on it; resolved from the
    /// mapping or, failing that, the panel.
    public var tregDefinition: TregDefinition?
    /// For user-named columns whose header says what the number is ("Treg Count"): the statistic
    /// to record instead of the one the reader inferred.
    public var statistic: Statistic?
    /// For percentages whose parent the name does not show ("FoxP3+ of lymphocytes"): the
    /// canonical denominator.
    public var denominator: String?

    public init(
        _ match: Match, population: String, tregDefinition: TregDefinition? = nil,
        statistic: Statistic? = nil, denominator: String? = nil
    ) {
        self.match = match
        self.population = population
        self.tregDefinition = tregDefinition
        self.statistic = statistic
        self.denominator = denominator
    }

    /// Whether this rule matches a source name.
    public func matches(_ name: String) -> Bool {
        switch match {
        case .exact(let s): return name == s
        case .suffix(let s): return name == s || name.hasSuffix("/" + s)
        case .pattern(let p): return p.matches(name)
        }
    }
}

/// A compiled regular expression with its source text. `NSRegularExpression` is immutable and
/// documented as safe to share between threads.
public struct GatePattern: @unchecked Sendable, Hashable {
    public let source: String
    public let regex: NSRegularExpression

    public init(_ source: String) throws {
        self.source = source
        regex = try NSRegularExpression(pattern: source)
    }

    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    public static func == (a: GatePattern, b: GatePattern) -> Bool { a.source == b.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// A per-sample value a panel derives from the values it measured.
public enum DerivedValue: Sendable, Hashable, CustomStringConvertible {
    /// Percent of a canonical ancestor (Treg % of CD4), statistic `freq_of`.
    case percentOf(population: String, ancestor: String)
    /// A ratio of two populations (Tfr/Tfh), statistic `ratio`, denominator = the divisor.
    case ratio(numerator: String, denominator: String)
    /// Cells per µL of blood, statistic `abs_count`, by the panel's `absolute_counts` method.
    case absoluteCount(population: String)

    public var description: String {
        switch self {
        case .percentOf(let p, let a): return "\(p) % of \(a)"
        case .ratio(let n, let d): return "\(n)/\(d)"
        case .absoluteCount(let p): return "\(p) cells/µL"
        }
    }
}

/// How absolute counts (cells/µL of blood) are obtained.
public enum AbsoluteCountMethod: Sendable, Hashable {
    /// Single platform with counting beads (BD Trucount, CountBright):
    /// cells/µL = cell events / bead events × beads per test / sample volume (µL).
    case beads(beadPopulation: String, beadsPerTest: Double, sampleVolumeMicrolitres: Double)
    /// Dual platform: population % of lymphocytes × lymphocytes/µL from a same-day blood count.
    case dualPlatform(reference: String)
}
