/// The outcome of looking a name up: one analyte, or why there is none.
public enum CytokineResolution: Sendable, Hashable {
    /// `species` is set when the name carried a species prefix (`hIFN-γ`, `mIL-6`).
    case matched(Cytokine, species: AnalyteSpecies?)
    /// The name fits more than one analyte; the reason names them.
    case ambiguous(candidates: [Cytokine], reason: String)
    case unknown(reason: String)

    public var cytokine: Cytokine? {
        if case .matched(let c, _) = self { return c }
        return nil
    }

    /// Why there is no match; nil when there is one.
    public var reason: String? {
        switch self {
        case .matched: return nil
        case .ambiguous(_, let reason), .unknown(let reason): return reason
        }
    }
}

/// Canonical cytokines and the names they go by. Matching never guesses: a name that fits two
/// analytes (directly, or once a species prefix is taken off) resolves to none, with the reason.
public struct CytokineCatalogue: Sendable {
    public let cytokines: [Cytokine]
    private let byKey: [String: [Int]]
    private let ambiguousByKey: [String: (codes: [String], reason: String)]
    private let byCode: [String: Int]

    /// The built-in catalogue (see `CytokineCatalogueEntries.swift`).
    public static let standard = CytokineCatalogue(
        cytokines: builtInEntries,
        ambiguousNames: builtInAmbiguousNames.map { ($0.name, $0.codes, $0.reason) })

    /// A catalogue of `cytokines`; `ambiguousNames` are names known to denote several of them.
    public init(cytokines: [Cytokine], ambiguousNames: [(String, [String], String)] = []) {
        self.cytokines = cytokines
        var byKey: [String: [Int]] = [:]
        var byCode: [String: Int] = [:]
        for (i, c) in cytokines.enumerated() {
            byCode[c.code] = i
            for name in [c.code, c.label] + c.aliases {
                let k = CytokineNameKey.key(name)
                if k.isEmpty { continue }
                if !(byKey[k]?.contains(i) ?? false) { byKey[k, default: []].append(i) }
            }
        }
        self.byKey = byKey
        self.byCode = byCode
        var amb: [String: (codes: [String], reason: String)] = [:]
        for (name, codes, reason) in ambiguousNames { amb[CytokineNameKey.key(name)] = (codes, reason) }
        ambiguousByKey = amb
    }

    /// The analyte with this canonical code.
    public func cytokine(code: String) -> Cytokine? { byCode[code].map { cytokines[$0] } }

    /// The analyte `name` denotes, or nil when it is unknown or ambiguous (`resolve` says why).
    public func match(_ name: String) -> Cytokine? { resolve(name).cytokine }

    /// Looks `name` up as written and, if it carries a species prefix, without it. Both ways
    /// must agree on one analyte.
    public func resolve(_ name: String) -> CytokineResolution {
        let trimmed = name.trimmingSpacesAndTabs
        guard !trimmed.isEmpty else { return .unknown(reason: "empty analyte name") }
        let direct = candidates(CytokineNameKey.key(trimmed))
        var viaSpecies: (indices: [Int], species: AnalyteSpecies)?
        if let stripped = CytokineNameKey.strippingSpecies(trimmed) {
            viaSpecies = (candidates(CytokineNameKey.key(stripped.name)), stripped.species)
        }
        var all = direct
        for i in viaSpecies?.indices ?? [] where !all.contains(i) { all.append(i) }
        if all.count == 1 {
            let species = direct.isEmpty ? viaSpecies?.species : nil
            return .matched(cytokines[all[0]], species: species)
        }
        if all.count > 1 {
            let names = all.map { cytokines[$0].description }.joined(separator: ", ")
            return .ambiguous(
                candidates: all.map { cytokines[$0] },
                reason: "'\(name)' fits several analytes: \(names)")
        }
        for key in [CytokineNameKey.key(trimmed)]
            + (viaSpecies == nil
                ? []
                : [
                    CytokineNameKey.key(CytokineNameKey.strippingSpecies(trimmed)!.name)
                ])
        {
            if let amb = ambiguousByKey[key] {
                return .ambiguous(
                    candidates: amb.codes.compactMap { cytokine(code: $0) },
                    reason: "'\(name)' is ambiguous: \(amb.reason)")
            }
        }
        return .unknown(reason: "'\(name)' is not a known cytokine name (key '\(CytokineNameKey.key(trimmed))')")
    }

    private func candidates(_ key: String) -> [Int] { key.isEmpty ? [] : byKey[key] ?? [] }

    /// Keys shared by more than one analyte: a catalogue defect (tests assert there is none).
    public var collidingKeys: [String: [String]] {
        var out: [String: [String]] = [:]
        for (k, v) in byKey where v.count > 1 { out[k] = v.map { cytokines[$0].code } }
        return out
    }
}

extension String {
    var trimmingSpacesAndTabs: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
