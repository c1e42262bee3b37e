/// Every subject with a response, numbered in order of first response: the one numbering that
/// the tables of responses by subject share (`ResponseGroups`' statuses, the associations'
/// `ResponseIndex`), so that a table is an array by number and a subject is hashed once.
struct ResponseSubjects: Sendable {
    private var number: [String: Int32] = [:]

    init(_ responses: [ResponseRecord]) {
        for r in responses where number[r.subject] == nil { number[r.subject] = Int32(number.count) }
    }

    var count: Int { number.count }

    /// The subject's number; −1 for a subject without a response.
    subscript(subject: String) -> Int32 { number[subject] ?? -1 }
}
