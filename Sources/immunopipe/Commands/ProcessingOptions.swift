import ArgumentParser
import Domain
import Ingest

/// The options that say how values are mapped and linked, shared by `ingest` and `validate`.
struct ProcessingOptions: ParsableArguments {
    @Option(help: "Panel mapping (pipelines/panels/*.yaml): gate names → canonical populations, derived values.")
    var panel: String?
    @Option(help: "Linkage rule YAML: sample → subject, visit, date (manifest and/or name pattern).")
    var linkage: String?
    @Option(help: "Sample manifest CSV (sample, subject, visit, date); shortcut for a linkage rule with only a manifest.")
    var manifest: String?
    @Option(name: .customLong("blood-counts"), help: "Same-day lymphocyte counts CSV, for dual-platform absolute counts.")
    var bloodCounts: String?
    @Option(
        name: .customLong("plate-layout"),
        help:
            "Plate layout CSV (Well, Sample, Type; Analyte, Spot, Expected Concentration, Unit, Dilution): links the wells of plate files that name no samples (MESO plate .txt)."
    )
    var plateLayout: String?

    var spec: ProcessorConfiguration.Spec {
        ProcessorConfiguration.Spec(
            panel: panel, linkage: linkage, manifest: manifest, bloodCounts: bloodCounts,
            plateLayout: plateLayout)
    }

    var isEmpty: Bool { spec.isEmpty }

    func configure() throws -> (processor: (any SampleProcessor)?, panelID: String, diagnostics: [Diagnostic]) {
        try ProcessorConfiguration.make(panel: panel, linkage: linkage, manifest: manifest, bloodCounts: bloodCounts)
    }

    /// The plate step, with the layout when one is given.
    func plateProcessor() throws -> (processor: CytokinePlateProcessor, diagnostics: [Diagnostic]) {
        try ProcessorConfiguration.plateProcessor(spec)
    }
}
