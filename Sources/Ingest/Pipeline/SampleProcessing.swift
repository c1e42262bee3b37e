import Domain
import Readers

/// What the pipeline does to each sample's values between the reader and the writer: panel
/// mapping, linkage to subject and visit, derived values, validation. A sample's values arrive
/// together (readers emit a sample's rows contiguously), so checks that compare populations of
/// one sample (child ≤ parent, Treg % of CD4) see all of them.
public protocol SampleProcessor: Sendable {
    /// Returns the values to store and the problems found. Values not returned must be
    /// accounted for by an error diagnostic: nothing disappears silently.
    /// `sample` is consumed: a processor may change the values where they lie.
    func process(sample: consuming [Measurement], file: SourceFile) -> (accepted: [Measurement], diagnostics: [Diagnostic])
}

/// Links samples to subject, visit and date when no panel is given (cytokine plates, LIMS
/// files). With a panel, the panel's processor links as part of its steps.
public struct LinkageSampleProcessor: SampleProcessor {
    public let linker: SampleLinker
    public init(_ linker: SampleLinker) { self.linker = linker }

    public func process(sample: consuming [Measurement], file: SourceFile) -> (accepted: [Measurement], diagnostics: [Diagnostic]) {
        if QCMaterial.isQCMaterial(sample) { return (sample, []) }
        let outcome = linker.apply(sample, file: file.displayName)
        return (outcome.linked + QCMaterial.flagUnlinked(outcome.unlinked), outcome.diagnostics)
    }
}
