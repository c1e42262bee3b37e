import Domain
import Readers

/// Runs the panel (map → validate → link → derive) on each sample as the pipeline streams it.
/// Samples the linkage rule does not know are stored with an `unlinked` flag and the linker's
/// warning naming the reason: listed, never dropped. QC material is mapped but not linked.
public struct CytometrySampleProcessor: SampleProcessor {
    public let processor: CytometryPanelSteps

    public init(_ processor: CytometryPanelSteps) { self.processor = processor }

    public func process(sample: consuming [Measurement], file: SourceFile) -> (accepted: [Measurement], diagnostics: [Diagnostic]) {
        let step = QCMaterial.isQCMaterial(sample) ? processor.withoutLinkage : processor
        var r = step.process(sample, file: file.displayName)
        if !r.unlinked.isEmpty { r.accepted += QCMaterial.flagUnlinked(r.unlinked) }
        return (r.accepted, r.diagnostics)
    }
}
