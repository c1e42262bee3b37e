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
    public private(set) var linker: SampleLinker?
    public let bloodCounts: BloodCounts
    /// The panel's rules, resolved once per distinct gate path for every sample and file.
    let matcher: PanelMatcher
    let validator: Validator
    /// `PanelDerivedValues.sourceNames(of: panel)`, made once.
    let derivedSourceNames: [String]

    public init(panel: Panel, linker: SampleLinker? = nil, bloodCounts: BloodCounts = BloodCounts()) {
        self.init(matcher: PanelMatcher(panel: panel), linker: linker, bloodCounts: bloodCounts)
    }

    init(matcher: PanelMatcher, linker: SampleLinker?, bloodCounts: BloodCounts) {
        self.panel = matcher.panel
        self.matcher = matcher
        validator = Validator(panel: matcher.panel)
        self.linker = linker
        self.bloodCounts = bloodCounts
        derivedSourceNames = PanelDerivedValues.sourceNames(of: matcher.panel)
    }

    /// The same steps without linkage (QC material), sharing the resolved gate paths, the
    /// validator and the derived values' names.
    public var withoutLinkage: CytometryPanelSteps {
        var steps = self
        steps.linker = nil
        return steps
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
    public func process(_ ms: consuming [Domain.Measurement], file: String) -> Result {
        var result = Result()
        let mapper = PanelMapper(matcher: matcher, file: file)
        var mapped = consume ms // the caller's array when it gave it up: mapped where it lies
        // Each value's gate path, interned once for mapping and for the per-sample checks.
        var paths = GatePathIDs()
        for i in mapped.indices {
            var gate: PanelMatcher.GateName?
            if mapped[i].assay == .cytometry { gate = matcher.gateName(mapped[i].sourceName) }
            paths.append(path: gate?.id ?? -1, parent: gate?.parentID ?? -1, grandparent: gate?.grandparentID ?? -1)
            let (outcome, diagnostic) = mapper.mapInPlace(&mapped[i], gate: gate)
            if let diagnostic {
                result.diagnostics.append(diagnostic)
                if case .mapped = outcome {} else { result.unmappedNames.append(mapped[i].sourceName) }
            }
        }
        var (linked, validation) = validator.validate(consume mapped, file: file, gatePaths: paths)
        result.diagnostics += validation

        if let linker {
            let outcome = linker.applyInPlace(&linked, file: file)
            result.unlinked = outcome.unlinked
            result.diagnostics += outcome.diagnostics
        }

        let (derived, derivation) = PanelDerivedValues.deriveReporting(
            sampleMeasurements: linked, panel: panel,
            bloodCounts: bloodCounts, file: file, sourceNames: derivedSourceNames)
        result.diagnostics += derivation
        // Derived values are never compared by gate path.
        let (validDerived, derivedChecks) = validator.validate(derived, file: file, gatePaths: GatePathIDs(none: derived.count))
        result.diagnostics += derivedChecks
        // Moved, not shared, so that appending the derived values does not copy the sample.
        swap(&result.accepted, &linked)
        result.accepted.append(contentsOf: validDerived)
        return result
    }
}
