/// Which response group a subject belongs to, for summaries and plots. The status is taken as
/// the association layer takes it: at the same visit when the criterion is assessed there,
/// otherwise at the criterion's primary visit (or its first), so an early immune change is
/// grouped by the response that matters.
public struct ResponseGroups: Sendable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case responder = "Y"
        case nonResponder = "N"
        case notAssessed = "MISSING"

        /// A small index of its own (0, 1, 2), for grouping without hashing.
        var slot: Int {
            switch self {
            case .responder: 0
            case .nonResponder: 1
            case .notAssessed: 2
            }
        }
    }

    let study: StudyDefinition
    /// Criteria with at least one result (none when no clinical data were given).
    public private(set) var evaluatedCriteria: Set<String> = []

    /// Every subject with a response, numbered; and per (criterion, BASETYPE, visit), each
    /// numbered subject's status: a summary cell looks its assessment up once and reads its
    /// members' statuses from an array, with one hash per subject of a parameter
    /// (`subjectIDs`) rather than one per member and criterion.
    private let subjectID: ResponseSubjects
    private let statusTable: [ResponseAssessment: [Status]]

    /// `subjects`: the report's numbering of `responses`' subjects (numbered here if not given).
    public init(responses: [ResponseRecord], study: StudyDefinition, subjects: ResponseSubjects? = nil) {
        self.study = study
        subjectID = subjects ?? ResponseSubjects(responses)
        statusTable = subjectID.tables(responses, missing: .notAssessed) { Self.status($0.responder) }
        evaluatedCriteria = Set(statusTable.keys.map(\.criterion))
        let evaluated = study.responseCriteria.filter { evaluatedCriteria.contains($0.id) }
        primaryCriterion = evaluated.first { $0.primaryVisit != nil } ?? evaluated.first
    }

    /// The criterion the plots colour by: the first with a primary visit, else the first.
    /// Nil when no criterion was evaluated (no clinical data). Found once: the plots ask for
    /// it per subject.
    public private(set) var primaryCriterion: ResponseCriterion?

    /// The visit a criterion's status is read at for an analysis visit.
    public static func responseVisit(_ criterion: ResponseCriterion, for visit: String) -> String {
        criterion.visits.contains(visit) ? visit : (criterion.primaryVisit ?? criterion.visits.first ?? visit)
    }

    public func status(_ criterion: ResponseCriterion, subject: String, basetype: String, visit: String) -> Status {
        Self.status(in: statuses(criterion, basetype: basetype, visit: visit), id: subjectID[subject])
    }

    /// The status of each row at `indices` under `criterion`, at the row's own BASETYPE and
    /// visit: `status(_:subject:basetype:visit:)` per row, with subjects numbered by
    /// `subjectIDs` and each (BASETYPE, visit) table found once.
    public func statuses(_ criterion: ResponseCriterion, of rows: AnalysedRows, at indices: [Int]) -> [Status] {
        let ids = subjectIDs(rows)
        let basetypes = rows.column(.basetype), visits = rows.column(.visit)
        var tables: [(basetype: Int32, visit: Int32, table: [Status]?)] = []
        return indices.map { i in
            let table: [Status]?
            if let known = tables.first(where: { $0.visit == visits[i] && $0.basetype == basetypes[i] }) {
                table = known.table
            } else {
                table = statuses(criterion, basetype: rows.text(.basetype, i), visit: rows.text(.visit, i))
                tables.append((basetypes[i], visits[i], table))
            }
            return Self.status(in: table, id: ids[i])
        }
    }

    /// The number of each row's subject (−1: a subject without responses), each subject
    /// looked up once.
    func subjectIDs(_ rows: AnalysedRows) -> [Int32] {
        let idOfCode = rows.perCode(.subject) { subjectID[$0] }
        return rows.column(.subject).map { idOfCode[Int($0)] }
    }

    /// Each numbered subject's status for a criterion at the visit its status is read at for
    /// `visit` (nil when nobody was assessed there); `status(in:id:)` reads it.
    func statuses(_ criterion: ResponseCriterion, basetype: String, visit: String) -> [Status]? {
        statusTable[
            ResponseAssessment(criterion: criterion.id, basetype: basetype, visit: Self.responseVisit(criterion, for: visit))]
    }

    /// What `status(_:subject:basetype:visit:)` gives, from `statuses` and `subjectIDs`.
    static func status(in table: [Status]?, id: Int32) -> Status {
        guard let table, id >= 0 else { return .notAssessed }
        return table[Int(id)]
    }

    static func status(_ result: Responder?) -> Status {
        switch result {
        case .yes: return .responder
        case .no: return .nonResponder
        case .missing, nil: return .notAssessed
        }
    }

    /// The subject's status for the primary criterion at its primary (or first) visit; nil when
    /// the study has no response criterion.
    public func primaryStatus(subject: String) -> Status? {
        guard let c = primaryCriterion else { return nil }
        return status(c, subject: subject, basetype: study.baseline.basetype, visit: c.primaryVisit ?? c.visits.first ?? "")
    }

    /// `primaryStatus(subject:)` of the subject of each row at `indices`: the criterion's
    /// table is found once and each subject looked up once.
    public func primaryStatuses(of rows: AnalysedRows, at indices: [Int]) -> [Status?] {
        guard let c = primaryCriterion else { return [Status?](repeating: nil, count: indices.count) }
        let table = statuses(c, basetype: study.baseline.basetype, visit: c.primaryVisit ?? c.visits.first ?? "")
        let statusOfCode = rows.perCode(.subject) { Self.status(in: table, id: subjectID[$0]) }
        let subjects = rows.column(.subject)
        return indices.map { statusOfCode[Int(subjects[$0])] }
    }

    /// Legend text of a status under the primary criterion.
    public func label(_ s: Status) -> String {
        guard let c = primaryCriterion else { return "All subjects" }
        let at = c.primaryVisit ?? c.visits.first ?? ""
        switch s {
        case .responder: return "\(c.id) responder (\(at))"
        case .nonResponder: return "\(c.id) non-responder"
        case .notAssessed: return "\(c.id) not assessed"
        }
    }
}
