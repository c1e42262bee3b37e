/// An adverse event as the safety listing records it.
public struct AdverseEvent: Sendable, Hashable {
    public var subject: String
    /// Reported or MedDRA preferred term.
    public var term: String
    /// CTCAE grade 1–5.
    public var grade: Int
    /// ISO 8601 onset date.
    public var onset: String
    public var serious: Bool
    public var source: SourceLocation

    public init(
        subject: String, term: String, grade: Int, onset: String, serious: Bool = false,
        source: SourceLocation = SourceLocation(file: "")
    ) {
        self.subject = subject
        self.term = term
        self.grade = grade
        self.onset = onset
        self.serious = serious
        self.source = source
    }
}
