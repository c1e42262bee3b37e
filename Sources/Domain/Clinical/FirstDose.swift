/// The date of a subject's first dose of study treatment: Day 1 of the study (or of a later
/// period, e.g. the first open-label dose of a placebo patient who switches to active drug).
public struct FirstDose: Sendable, Hashable {
    public var subject: String
    /// ISO 8601 date (yyyy-mm-dd).
    public var date: String
    /// The treatment period this dose opens (`double-blind`, `open-label`); empty for the first
    /// dose of the study.
    public var period: String
    public var source: SourceLocation

    public init(
        subject: String, date: String, period: String = "",
        source: SourceLocation = SourceLocation(file: "")
    ) {
        self.subject = subject
        self.date = date
        self.period = period
        self.source = source
    }
}
