import Dispatch

/// Clinical responses evaluated a subject range at a time, on a background queue, while the
/// pipeline derives and writes the next ranges (a response depends on one subject's clinical
/// records only). Evaluated after the derivation, they were a third of a second at 1 M rows
/// with one core idle; here they take what the derivation leaves of the second core. The
/// result is `ClinicalResponse.evaluate` of all the clinical records.
final class BackgroundResponses: @unchecked Sendable {
    // Unchecked: `parts` is touched on `queue` only.
    private let queue = DispatchQueue(label: "immunopipe.responses", qos: .userInitiated)
    private var parts: [[ResponseRecord]] = []
    private let study: StudyDefinition

    init(study: StudyDefinition) { self.study = study }

    /// The clinical records of whole subjects (one subject range's).
    func evaluate(_ records: [CFBRecord]) {
        guard !records.isEmpty else { return }
        // Sorted here, in the background, so that `results` only joins the ranges' runs.
        queue.async { self.parts.append(ClinicalResponse.unordered(records, study: self.study).sorted(by: ClinicalResponse.inOrder)) }
    }

    /// Every range's responses, in `ClinicalResponse.evaluate`'s order (waits for the queue).
    /// The ranges' parts are let go once joined: kept, they were a second array of every
    /// response record (42 MB at 10 M rows, their strings shared) through the rest of the
    /// report, its peak included.
    func results() -> [ResponseRecord] {
        queue.sync {
            defer { parts = [] }
            return ClinicalResponse.mergeSorted(parts)
        }
    }
}
