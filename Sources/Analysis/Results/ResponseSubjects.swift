/// Every subject with a response, numbered in order of first response: the one numbering that
/// the tables of responses by subject share (`ResponseGroups`' statuses, the associations'
/// `ResponseIndex`), so that a table is an array by number and a subject is hashed once. Built
/// once per report and handed to both.
public struct ResponseSubjects: Sendable {
    private var number: [String: Int32] = [:]

    /// Responses come subject by subject: a subject is hashed only where it differs from the
    /// previous response's, and responses are read where they lie (a copy retained each of
    /// their seven strings).
    public init(_ responses: [ResponseRecord]) {
        responses.withUnsafeBufferPointer { r in
            for i in r.indices where (i == 0 || r[i].subject != r[i - 1].subject) && number[r[i].subject] == nil {
                number[r[i].subject] = Int32(number.count)
            }
        }
    }

    var count: Int { number.count }

    /// The subject's number; −1 for a subject without a response.
    subscript(subject: String) -> Int32 { number[subject] ?? -1 }

    /// Per assessment in `responses`, each numbered subject's `value` of its response there
    /// (`missing` for subjects not assessed there), in one pass over the responses read in
    /// place. A subject is hashed only where it changes; an assessment is looked for first
    /// after the previous response's (a subject's responses come in the same order of
    /// criteria and visits as the previous subject's), so nothing is hashed per response.
    func tables<V>(
        _ responses: [ResponseRecord], missing: V, _ value: (borrowing ResponseRecord) -> V
    ) -> [ResponseAssessment: [V]] {
        var assessments: [ResponseAssessment] = []
        var tables: [[V]] = []
        var slot = -1, subject: Int32 = -1
        responses.withUnsafeBufferPointer { r in
            for i in r.indices {
                if i == 0 || r[i].subject != r[i - 1].subject { subject = self[r[i].subject] }
                let next = slot + 1 < assessments.count ? slot + 1 : 0
                if next < assessments.count, assessments[next].matches(r[i]) {
                    slot = next
                } else if let known = assessments.firstIndex(where: { $0.matches(r[i]) }) {
                    slot = known
                } else {
                    assessments.append(ResponseAssessment(criterion: r[i].criterion, basetype: r[i].basetype, visit: r[i].visit))
                    tables.append([V](repeating: missing, count: count))
                    slot = assessments.count - 1
                }
                tables[slot][Int(subject)] = value(r[i])
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(assessments, tables))
    }
}

/// What a response result is for: its criterion, the baseline it is relative to (BASETYPE) and
/// its visit. The key of the tables of responses by subject.
struct ResponseAssessment: Hashable, Sendable {
    var criterion, basetype, visit: String

    func matches(_ r: borrowing ResponseRecord) -> Bool {
        r.visit == visit && r.criterion == criterion && r.basetype == basetype
    }
}
