import Domain
import Foundation

/// A panel's rules applied once per distinct source name, for the whole ingest.
///
/// A plate export repeats the same few dozen gate paths in every sample row, and a workspace
/// repeats them in every sample: resolving each value against every rule (string comparisons,
/// `NSRegularExpression` for the patterns) was a fifth of the FlowJo ingest's time. Here a name
/// is interned the first time it is seen, resolved then (with the denominators its percentages
/// get), and every later value with that name costs one dictionary look-up. Shared by all parse
/// threads of an ingest (one per `CytometryPanelSteps`); the cache only grows with the number of
/// distinct names, which gate paths' length bound keeps small.
public final class PanelMatcher: @unchecked Sendable {
    public let panel: Panel
    private let lock = NSLock()
    private var names: [String: GateName] = [:]
    private var recent = StringIdentityCache<GateName>(slots: 1024)

    public init(panel: Panel) { self.panel = panel }

    /// Everything the panel says about one source name, computed once.
    final class GateName: @unchecked Sendable {
        /// Dense id in order of first appearance (an interned name).
        let id: Int
        /// The ids of `GatePath.parent(of:)` and of its parent; nil when there is none.
        let parentID: Int?
        let grandparentID: Int?
        let resolution: Resolution
        /// The denominators of the name's `freq_of_parent` and `freq_of_grandparent` values: the
        /// ancestor's canonical code, else its path; nil when the name has no such ancestor.
        let parentDenominator: String?
        let grandparentDenominator: String?

        init(
            id: Int, parentID: Int?, grandparentID: Int?, resolution: Resolution,
            parentDenominator: String?, grandparentDenominator: String?
        ) {
            self.id = id
            self.parentID = parentID
            self.grandparentID = grandparentID
            self.resolution = resolution
            self.parentDenominator = parentDenominator
            self.grandparentDenominator = grandparentDenominator
        }
    }

    enum Resolution {
        case none
        case rule(PopulationMapping)
        case ambiguous([PopulationMapping])
    }

    /// The interned, resolved name.
    func gateName(_ name: String) -> GateName {
        if let g = cached(name) { return g }
        // Uncached ancestors are interned first, the topmost first: interning a name then finds
        // its parent and grandparent in the cache and never recurses deeper (a gate path may be
        // hundreds of gates deep).
        var pending = [name]
        while let p = GatePath.parent(of: pending[pending.count - 1]), cached(p) == nil { pending.append(p) }
        var g: GateName?
        for path in pending.reversed() { g = intern(path) }
        return g!
    }

    private func cached(_ name: String) -> GateName? {
        lock.lock()
        defer { lock.unlock() }
        // A file's values share its header's strings: most look-ups are answered by identity,
        // without hashing a gate path of fifty-odd characters.
        if let g = recent.value(for: name) { return g }
        guard let g = names[name] else { return nil }
        recent.store(g, for: name)
        return g
    }

    private func intern(_ name: String) -> GateName {
        let resolution = Self.resolve(name, panel.mappings)
        let parent = ancestorDenominator(of: name, levelsUp: 1)
        let grandparent = ancestorDenominator(of: name, levelsUp: 2)
        let parentGate = GatePath.parent(of: name).map(gateName)
        lock.lock()
        defer { lock.unlock() }
        if let g = names[name] { return g } // another thread got there first
        let g = GateName(
            id: names.count, parentID: parentGate?.id, grandparentID: parentGate?.parentID,
            resolution: resolution, parentDenominator: parent, grandparentDenominator: grandparent)
        names[name] = g
        return g
    }

    /// The canonical code a gate path maps to, if exactly one rule says so.
    func population(ofPath path: String) -> String? {
        if case .rule(let r) = gateName(path).resolution { return r.population }
        return nil
    }

    /// Rules are tried in order of specificity: an exact `path` first, then the longest matching
    /// `suffix`, then `pattern`s; two patterns with different populations are ambiguous.
    private static func resolve(_ name: String, _ rules: [PopulationMapping]) -> Resolution {
        if let exact = rules.first(where: {
            if case .exact(let s) = $0.match { return s == name }
            return false
        }) {
            return .rule(exact)
        }
        var best: (rule: PopulationMapping, length: Int)?
        for rule in rules {
            guard case .suffix(let s) = rule.match, rule.matches(name) else { continue }
            if best == nil || s.count > best!.length { best = (rule, s.count) }
        }
        if let best { return .rule(best.rule) }
        let patterns = rules.filter {
            if case .pattern = $0.match { return $0.matches(name) }
            return false
        }
        guard let first = patterns.first else { return .none }
        let distinct = patterns.filter { $0.population != first.population }
        if distinct.isEmpty { return .rule(first) }
        var seen: Set<String> = []
        return .ambiguous(patterns.filter { seen.insert($0.population).inserted })
    }

    /// The denominator of a percentage read from a gate path, `levelsUp` gates above it.
    private func ancestorDenominator(of path: String, levelsUp: Int) -> String? {
        var components = GatePath.components(path)
        guard components.count > levelsUp else { return nil }
        components.removeLast(levelsUp)
        let ancestor = GatePath.join(components)
        return population(ofPath: ancestor) ?? ancestor
    }
}
