/// One entry of the diagnostic catalogue: a stable code, how severe it is, what it means and
/// what the person who uploaded the file should do about it. Every code any layer emits is
/// listed in `DiagnosticCatalogue`; `docs/diagnostics.md` is generated from it (a test keeps the
/// two equal, and another fails when the sources emit a code the catalogue does not know).
public struct DiagnosticCode: Hashable, Sendable {
    /// How a code is used: most are always errors or always warnings; a few are errors in one
    /// context and warnings in another (a date that cannot be read is fatal for a study day, a
    /// note for an instrument's run date).
    public enum Usage: String, Sendable, CaseIterable {
        case error, warning
        case errorOrWarning = "error or warning"
    }

    /// Where the problem is found, for grouping in the documentation.
    public enum Area: String, Sendable, CaseIterable {
        case file = "Files and encodings"
        case table = "Tables and columns"
        case cytometry = "Flow cytometry exports"
        case multiplex = "Multiplex (cytokine) exports"
        case curves = "Standard curves and plate QC"
        case panels = "Panels and mapping"
        case linkage = "Sample linkage and manifests"
        case validation = "Validation of values"
        case configuration = "Configuration files (YAML)"
        case clinical = "Clinical files and analysis"
    }

    public let code: String
    public let usage: Usage
    public let area: Area
    /// What happened, in one sentence a lab scientist understands.
    public let meaning: String
    /// What to do about it.
    public let advice: String

    public init(_ code: String, _ usage: Usage, _ area: Area, meaning: String, advice: String) {
        self.code = code
        self.usage = usage
        self.area = area
        self.meaning = meaning
        self.advice = advice
    }
}
