import Domain

/// A panel's steps for a batch of cytometry values (one sample, or a whole file) between the
/// reader and the store, in one call: map (panel) → validate → link (subject, visit, date) →
/// derive (per sample) → validate the derived values (range and plausibility).
///
/// Non-cytometry measurements pass through mapping and derivation untouched but are validated
/// and linked like the rest.
public struct CytometryPanelSteps: Sendable {
    public let panel: Panel
    /// Nil when the file names subject and visit itself (tidy CSV).
    public let linker: SampleLinker?
    public let bloodCounts: BloodCounts

    public init(panel: Panel, linker: SampleLinker? = nil, bloodCounts: BloodCounts = BloodCounts()) {
        self.panel = panel
        self.linker = linker
        self.bloodCounts = bloodCounts
    }

    public struct Result: Sendable {
        /// Mapped, validated, linked values and the derived ones (flag `derived`), ready to store.
        public var accepted: [Domain.Measurement] = []
        /// Samples the linkage rule does not know, with their (validated) values and the reason.
        public var unlinked: [UnlinkedSample] = []
        /// All diagnostics, in pipeline order: mapping, validation, linkage, derivation.
        public var diagnostics: [Diagnostic] = []
        /// Source names no panel rule matched (each reported once in `diagnostics`).
        public var unmappedNames: [String] = []
    }

    /// Processes all values read from `file` (the name diagnostics show). Call once per file, or
    /// once per complete sample batch: duplicates are only seen within one call.
    public func process(_ ms: [Domain.Measurement], file: String) -> Result {
        var result = Result()
        let mapper = PanelMapper(panel: panel, file: file)
        var mapped: [Domain.Measurement] = []
        mapped.reserveCapacity(ms.count)
        for m in ms {
            let r = mapper.map(m)
            mapped.append(r.measurement)
            if let d = r.diagnostic {
                result.diagnostics.append(d)
                if !r.isMapped { result.unmappedNames.append(m.sourceName) }
            }
        }
        let validator = Validator(panel: panel)
        let (valid, validation) = validator.validate(mapped, file: file)
        result.diagnostics += validation

        var linked = valid
        if let linker {
            let outcome = linker.apply(valid, file: file)
            linked = outcome.linked
            result.unlinked = outcome.unlinked
            result.diagnostics += outcome.diagnostics
        }

        let (derived, derivation) = PanelDerivedValues.deriveReporting(sampleMeasurements: linked, panel: panel,
                                                                bloodCounts: bloodCounts, file: file)
        result.diagnostics += derivation
        let (validDerived, derivedChecks) = validator.validate(derived, file: file)
        result.diagnostics += derivedChecks
        result.accepted = linked + validDerived
        return result
    }
}
