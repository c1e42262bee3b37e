/// Whether a subject met a response criterion at a visit.
public enum Responder: String, Sendable, Hashable {
    case yes = "Y"
    case no = "N"
    /// Could not be determined; `ResponseRecord.reason` says why.
    case missing = ""
}

/// One subject's result for one response criterion at one analysis visit.
public struct ResponseRecord: Sendable, Hashable {
    public var studyID: String
    public var subject: String
    /// The baseline the response is relative to (BASETYPE of the rows it was computed from).
    public var basetype: String
    public var visit: String
    public var visitNumber: Int?
    /// `TIS`, `IMACS_DOI`, `SRI4`, `PMR_AS`.
    public var criterion: String
    /// The criterion's score: TIS points, DOI number of improved measures, SLEDAI-2K at the visit,
    /// PMR-AS at the visit. Nil when it cannot be computed.
    public var score: Double?
    /// Change of the underlying clinical score from baseline where the criterion has one
    /// (SLEDAI-2K, PMR-AS); nil for TIS and DOI, which are themselves measures of change.
    public var change: Double?
    /// `none`/`minimal`/`moderate`/`major` (TIS), `remission`/`low`/`medium`/`high` (PMR-AS),
    /// `improved`/`not improved`, `response`/`no response`; empty when missing.
    public var category: String
    public var responder: Responder
    /// Why the result is missing, and anything qualifying a result (BILAG not recorded, a CRP
    /// below its limit).
    public var reason: String

    public init(
        studyID: String, subject: String, basetype: String, visit: String, visitNumber: Int?,
        criterion: String, score: Double? = nil, change: Double? = nil, category: String = "",
        responder: Responder = .missing, reason: String = ""
    ) {
        self.studyID = studyID
        self.subject = subject
        self.basetype = basetype
        self.visit = visit
        self.visitNumber = visitNumber
        self.criterion = criterion
        self.score = score
        self.change = change
        self.category = category
        self.responder = responder
        self.reason = reason
    }

    /// The clinical measure to correlate with immune change: the score's change where there is
    /// one, else the score (TIS is already an improvement).
    public var clinicalChange: Double? { change ?? score }

    static func missing(_ visit: ClinicalVisit, _ criterion: String, _ reasons: [String]) -> ResponseRecord {
        ResponseRecord(
            studyID: visit.studyID, subject: visit.subject, basetype: visit.basetype, visit: visit.visit,
            visitNumber: visit.visitNumber, criterion: criterion,
            reason: "missing: " + reasons.joined(separator: "; "))
    }
}

/// Percentages compared with band edges are rounded to 1e-9 first, so that 1.5 points on a
/// 0–10 scale is exactly 15 % (binary floating point gives 15.000000000000002, which would
/// fall in the next band).
func snapped(_ x: Double) -> Double {
    x.isFinite ? (x * 1e9).rounded() / 1e9 : x
}
