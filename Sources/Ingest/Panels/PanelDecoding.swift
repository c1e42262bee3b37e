import Domain
import Foundation
import YAMLSchema

// The YAML schema of a panel (see docs/panels.md). Every key is checked: unknown keys, unknown
// population codes, invalid regular expressions and missing Treg definitions are errors that name
// their key path, so a typo can never make a mapping silently disappear.

/// A coding key for list indices, so errors can point into lists.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ i: Int) { intValue = i }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}

private func problem(_ path: [CodingKey], code: String, _ message: String) -> DecodingError {
    .dataCorrupted(.init(codingPath: path, debugDescription: message, underlyingError: ConfigProblem(code: code)))
}

/// The one key of `keys` that `e` has; an error when it has none or several (`several` gets
/// their names joined by "and").
private func exactlyOne(
    of keys: [String], in e: KeyedDecodingContainer<AnyKey>, none: String, several: (String) -> String
) throws -> String {
    let given = keys.filter { e.has($0) }
    guard given.count == 1 else {
        throw problem(
            e.codingPath, code: "yaml-invalid-value", given.isEmpty ? none : several(given.joined(separator: " and ")))
    }
    return given[0]
}

private func checkPopulation(_ code: String, at path: [CodingKey], allowTotal: Bool = false) throws {
    if PopulationCatalogue.contains(code) || (allowTotal && code == PopulationCatalogue.totalEvents) { return }
    let known = PopulationCatalogue.all.map(\.code).joined(separator: ", ")
    throw problem(path, code: "unknown-population", "unknown population code '\(code)' (known: \(known))")
}

private func parseTregDefinition(_ text: String, at path: [CodingKey]) throws -> TregDefinition {
    guard let d = TregDefinition(rawValue: text) else {
        throw problem(
            path, code: "unknown-treg-definition",
            "'\(text)' is not a Treg definition (use \(TregDefinition.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")))")
    }
    return d
}

extension Panel: Decodable {
    static let keys = [
        "panel", "name", "lab", "version", "treg_definition", "frequency_tolerance_pp",
        "populations", "derived", "absolute_counts", "plausibility",
    ]

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try c.rejectUnknownKeys(allowed: Self.keys)
        id = try c.requiredString("panel")
        if id.isEmpty { throw c.fail("panel", code: "yaml-invalid-value", "the panel identifier is empty") }
        name = try c.string("name") ?? id
        lab = try c.string("lab") ?? ""
        version = try c.string("version") ?? "1"
        source = ""
        tregDefinition = try c.string("treg_definition").map {
            try parseTregDefinition($0, at: c.codingPath + [AnyKey("treg_definition")])
        }
        frequencyTolerance = try c.double("frequency_tolerance_pp") ?? 0.5
        if !(frequencyTolerance >= 0) {
            throw c.fail("frequency_tolerance_pp", code: "yaml-invalid-value", "must be zero or more percentage points")
        }

        // populations
        guard c.has("populations") else {
            throw DecodingError.keyNotFound(AnyKey("populations"), .init(codingPath: c.codingPath, debugDescription: "missing"))
        }
        var list = try c.nestedUnkeyedContainer(forKey: AnyKey("populations"))
        let listPath = c.codingPath + [AnyKey("populations")]
        var mappings: [PopulationMapping] = []
        var seen: [String: Int] = [:]
        while !list.isAtEnd {
            let index = list.currentIndex
            let entry = try list.nestedContainer(keyedBy: AnyKey.self)
            let path = listPath + [IndexKey(index)]
            let m = try Self.mapping(entry, panelDefinition: tregDefinition)
            let key: String
            switch m.match {
            case .exact(let s): key = "path:" + s
            case .suffix(let s): key = "suffix:" + s
            case .pattern(let p): key = "pattern:" + p.source
            }
            if let first = seen[key] {
                throw problem(
                    path, code: "duplicate-mapping",
                    "\(m.match) is already mapped by populations[\(first)]")
            }
            seen[key] = index
            mappings.append(m)
        }
        if mappings.isEmpty { throw c.fail("populations", code: "yaml-invalid-value", "the panel maps no populations") }
        self.mappings = mappings

        // absolute counts
        if c.has("absolute_counts") {
            let a = try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("absolute_counts"))
            absoluteCounts = try Self.absoluteCounts(a)
        } else {
            absoluteCounts = nil
        }

        // derived
        var derived: [DerivedValue] = []
        if c.has("derived") {
            var d = try c.nestedUnkeyedContainer(forKey: AnyKey("derived"))
            while !d.isAtEnd {
                let entry = try d.nestedContainer(keyedBy: AnyKey.self)
                for value in try Self.derived(entry, absoluteCounts: absoluteCounts) where !derived.contains(value) {
                    derived.append(value)
                }
            }
        }
        self.derived = derived

        // plausibility overrides
        var plausibility: [String: ClosedRange<Double>] = [:]
        if c.has("plausibility") {
            let p = try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("plausibility"))
            for key in p.allKeys {
                try checkPopulation(key.stringValue, at: p.codingPath + [key])
                let bounds = try p.decode([Double].self, forKey: key)
                guard bounds.count == 2, bounds[0] <= bounds[1], bounds[0] >= 0 else {
                    throw p.fail(key, code: "yaml-invalid-value", "expected [low, high] percentages with 0 ≤ low ≤ high")
                }
                plausibility[key.stringValue] = bounds[0]...bounds[1]
            }
        }
        self.plausibility = plausibility
    }

    private static func mapping(_ e: KeyedDecodingContainer<AnyKey>, panelDefinition: TregDefinition?) throws -> PopulationMapping {
        try e.rejectUnknownKeys(allowed: ["population", "path", "suffix", "pattern", "treg_definition", "statistic", "denominator"])
        let code = try e.requiredString("population")
        try checkPopulation(code, at: e.codingPath + [AnyKey("population")])
        let key = try exactlyOne(
            of: ["path", "suffix", "pattern"], in: e, none: "mapping for \(code) needs one of path, suffix or pattern",
            several: { "mapping for \(code) has \($0): give only one" })
        let text = try e.requiredString(key)
        if text.isEmpty { throw e.fail(key, code: "yaml-invalid-value", "is empty") }
        let match: PopulationMapping.Match
        switch key {
        case "path": match = .exact(text)
        case "suffix": match = .suffix(text.hasPrefix("/") ? String(text.dropFirst()) : text)
        default:
            do { match = .pattern(try GatePattern(text)) } catch {
                throw e.fail("pattern", code: "invalid-regex", "'\(text)' is not a valid regular expression")
            }
        }
        let population = PopulationCatalogue.population(code)!
        var definition: TregDefinition?
        if let text = try e.string("treg_definition") {
            guard population.dependsOnTregDefinition else {
                throw e.fail(
                    "treg_definition", code: "yaml-invalid-value",
                    "\(code) does not depend on the Treg definition; remove treg_definition here")
            }
            definition = try parseTregDefinition(text, at: e.codingPath + [AnyKey("treg_definition")])
        } else if population.dependsOnTregDefinition {
            guard let panelDefinition else {
                throw e.fail(
                    "population", code: "missing-treg-definition",
                    "\(code) depends on how Tregs are gated: add treg_definition (\(TregDefinition.allCases.map(\.rawValue).joined(separator: " or "))) here or at the top of the panel"
                )
            }
            definition = panelDefinition
        }
        let statistic = try e.string("statistic").map { Statistic($0) }
        let denominator = try e.string("denominator")
        if let denominator {
            try checkPopulation(denominator, at: e.codingPath + [AnyKey("denominator")], allowTotal: true)
        }
        return PopulationMapping(
            match, population: code, tregDefinition: definition,
            statistic: statistic, denominator: denominator)
    }

    private static func absoluteCounts(_ a: KeyedDecodingContainer<AnyKey>) throws -> AbsoluteCountMethod {
        try a.rejectUnknownKeys(allowed: ["method", "bead_population", "beads_per_test", "sample_volume_ul", "reference"])
        switch try a.requiredString("method") {
        case "beads":
            let bead = try a.string("bead_population") ?? "BEADS"
            try checkPopulation(bead, at: a.codingPath + [AnyKey("bead_population")])
            guard let perTest = try a.double("beads_per_test") else {
                throw DecodingError.keyNotFound(AnyKey("beads_per_test"), .init(codingPath: a.codingPath, debugDescription: "missing"))
            }
            guard let volume = try a.double("sample_volume_ul") else {
                throw DecodingError.keyNotFound(AnyKey("sample_volume_ul"), .init(codingPath: a.codingPath, debugDescription: "missing"))
            }
            if !(perTest > 0) { throw a.fail("beads_per_test", code: "yaml-invalid-value", "must be more than zero") }
            if !(volume > 0) { throw a.fail("sample_volume_ul", code: "yaml-invalid-value", "must be more than zero") }
            return .beads(beadPopulation: bead, beadsPerTest: perTest, sampleVolumeMicrolitres: volume)
        case "dual_platform":
            let reference = try a.string("reference") ?? "LYMPH"
            try checkPopulation(reference, at: a.codingPath + [AnyKey("reference")])
            return .dualPlatform(reference: reference)
        case let other:
            throw a.fail("method", code: "yaml-invalid-value", "'\(other)' is not a method (use beads or dual_platform)")
        }
    }

    private static func derived(_ e: KeyedDecodingContainer<AnyKey>, absoluteCounts: AbsoluteCountMethod?) throws -> [DerivedValue] {
        try e.rejectUnknownKeys(allowed: ["percent", "of", "ratio", "over", "absolute"])
        let kind = try exactlyOne(
            of: ["percent", "ratio", "absolute"], in: e, none: "a derived value needs one of percent, ratio or absolute",
            several: { "a derived value has \($0): give one per entry" })
        switch kind {
        case "percent":
            let p = try e.requiredString("percent")
            let of = try e.requiredString("of")
            try checkPopulation(p, at: e.codingPath + [AnyKey("percent")])
            try checkPopulation(of, at: e.codingPath + [AnyKey("of")])
            guard PopulationCatalogue.isAncestor(of, of: p) else {
                throw e.fail(
                    "of", code: "not-an-ancestor",
                    "\(of) is not a canonical ancestor of \(p) (ancestors: \(PopulationCatalogue.ancestors(of: p).joined(separator: ", "))); use ratio for unrelated populations"
                )
            }
            if e.has("over") { throw e.fail("over", code: "yaml-invalid-value", "'over' belongs to ratio; percent uses 'of'") }
            return [.percentOf(population: p, ancestor: of)]
        case "ratio":
            let n = try e.requiredString("ratio")
            let d = try e.requiredString("over")
            try checkPopulation(n, at: e.codingPath + [AnyKey("ratio")])
            try checkPopulation(d, at: e.codingPath + [AnyKey("over")])
            if n == d { throw e.fail("over", code: "yaml-invalid-value", "a ratio of \(n) over itself is always 1") }
            if e.has("of") { throw e.fail("of", code: "yaml-invalid-value", "'of' belongs to percent; ratio uses 'over'") }
            return [.ratio(numerator: n, denominator: d)]
        default:
            guard absoluteCounts != nil else {
                throw e.fail(
                    "absolute", code: "missing-absolute-method",
                    "absolute counts need an absolute_counts section (method beads or dual_platform)")
            }
            let codes: [String]
            if let one = try? e.decode(String.self, forKey: AnyKey("absolute")) {
                codes = [one]
            } else {
                codes = try e.decode([String].self, forKey: AnyKey("absolute"))
            }
            var out: [DerivedValue] = []
            for (i, code) in codes.enumerated() {
                try checkPopulation(code, at: e.codingPath + [AnyKey("absolute"), IndexKey(i)])
                out.append(.absoluteCount(population: code))
            }
            return out
        }
    }
}
