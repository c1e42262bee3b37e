/// Splits a sorted list of subjects into contiguous ranges of about equal size, so that the
/// derivation can run a range at a time and still emit records in global subject order.
public struct SubjectRanges: Sendable {
    /// The first subject of each range after the first (binary-searched boundaries).
    let boundaries: [String]

    public var count: Int { boundaries.count + 1 }

    /// `subjects` sorted and distinct; `parts` ranges at most (fewer when there are fewer subjects).
    public init(sortedSubjects subjects: [String], parts: Int) {
        let n = min(max(1, parts), max(1, subjects.count))
        boundaries = (1..<n).map { subjects[$0 * subjects.count / n] }
    }

    /// The range holding `subject` (subjects not in the list fall in the range they sort into).
    public func index(of subject: String) -> Int {
        var lo = 0, hi = boundaries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if boundaries[mid] <= subject { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
