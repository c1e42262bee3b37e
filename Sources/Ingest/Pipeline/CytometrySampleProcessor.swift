import Domain
import Readers

/// Runs the panel (map → validate → link → derive) on each sample as the pipeline streams it.
/// Samples the linkage rule does not know are stored with an `unlinked` flag and a warning
/// naming the reason: listed, never dropped.
public struct CytometrySampleProcessor: SampleProcessor {
    public let processor: CytometryFileProcessor

    public init(_ processor: CytometryFileProcessor) { self.processor = processor }

    public func process(sample: [Measurement], file: SourceFile) -> (accepted: [Measurement], diagnostics: [Diagnostic]) {
        let r = processor.process(sample, file: file.displayName)
        var accepted = r.accepted
        var diagnostics = r.diagnostics
        for u in r.unlinked {
            for var m in u.measurements {
                m.addFlag("unlinked")
                accepted.append(m)
            }
            if let first = u.measurements.first {
                diagnostics.append(.warning(file.location(line: first.sourceLine), code: "unlinked-sample",
                                            "sample '\(u.sample)' is not linked to a subject and visit: \(u.reason); its \(u.measurements.count) values are stored flagged 'unlinked'"))
            }
        }
        return (accepted, diagnostics)
    }
}
