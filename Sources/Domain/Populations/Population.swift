/// A canonical cytometry population: the vocabulary every lab's gate names are mapped onto.
public struct Population: Sendable, Hashable, Identifiable {
    /// Stable upper-case code stored with every value (`TREG`, `TFH17`).
    public let code: String
    public let label: String
    /// The phenotype that defines it, as gated in peripheral blood.
    public let phenotype: String
    /// When the population's cells depend on how Tregs are gated (Treg itself, its subsets, Tfr,
    /// and conventional CD4 = CD4 minus Treg), the phenotype under each definition. Empty for the
    /// others. A panel that maps such a population must say which definition it used.
    public let phenotypeByTregDefinition: [TregDefinition: String]
    /// The canonical parent code (`CD4` for `TREG`); nil for a root gate.
    public let parent: String?
    /// Typical percentage of the canonical parent in adult peripheral blood; values outside it are
    /// warned about, never rejected (disease and treatment move them, that is the point of a trial).
    public let plausibleRange: ClosedRange<Double>?
    /// Where the range comes from, and how wide it is meant to be.
    public let reference: String

    public var id: String { code }

    /// True when the panel must state its Treg definition for this population.
    public var dependsOnTregDefinition: Bool { !phenotypeByTregDefinition.isEmpty }

    public init(
        code: String, label: String, phenotype: String,
        phenotypeByTregDefinition: [TregDefinition: String] = [:],
        parent: String?, plausibleRange: ClosedRange<Double>?, reference: String
    ) {
        self.code = code
        self.label = label
        self.phenotype = phenotype
        self.phenotypeByTregDefinition = phenotypeByTregDefinition
        self.parent = parent
        self.plausibleRange = plausibleRange
        self.reference = reference
    }

    /// The phenotype text under a given Treg definition (the generic one when it does not matter).
    public func phenotype(for definition: TregDefinition?) -> String {
        guard let definition, let p = phenotypeByTregDefinition[definition] else { return phenotype }
        return p
    }
}
