/// Which response group a subject belongs to, for summaries and plots. The status is taken as
/// the association layer takes it: at the same visit when the criterion is assessed there,
/// otherwise at the criterion's primary visit (or its first), so an early immune change is
/// grouped by the response that matters.
public struct ResponseGroups: Sendable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case responder = "Y"
        case nonResponder = "N"
        case notAssessed = "MISSING"
    }

    let study: StudyDefinition
    /// Responses by (criterion, BASETYPE, visit), then by subject: a summary cell looks its
    /// group up once and then hashes one string per member, not four.
    private var index: [Assessment: [String: Responder]] = [:]
    /// Criteria with at least one result (none when no clinical data were given).
    public private(set) var evaluatedCriteria: Set<String> = []

    struct Assessment: Hashable { var criterion, basetype, visit: String }

    public init(responses: [ResponseRecord], study: StudyDefinition) {
        self.study = study
        for r in responses {
            index[Assessment(criterion: r.criterion, basetype: r.basetype, visit: r.visit), default: [:]][r.subject] = r.responder
            evaluatedCriteria.insert(r.criterion)
        }
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
        Self.status(responders(criterion, basetype: basetype, visit: visit)?[subject])
    }

    /// Every subject's result for a criterion at the visit its status is read at for `visit`
    /// (nil when nobody was assessed there): look up once per cell, then per subject.
    func responders(_ criterion: ResponseCriterion, basetype: String, visit: String) -> [String: Responder]? {
        index[Assessment(criterion: criterion.id, basetype: basetype, visit: Self.responseVisit(criterion, for: visit))]
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
