/// A differential blood count: the lymphocyte count that turns a flow-cytometry percentage of
/// lymphocytes into cells per µL.
public struct BloodCount: Sendable, Hashable {
    public var subject: String
    /// ISO 8601 date (yyyy-mm-dd) of the blood draw.
    public var date: String
    public var visit: String
    /// Lymphocytes per µL (= 10⁶/L). Files in 10⁹/L are converted on reading (× 1000).
    public var lymphocytesPerMicroliter: Double
    public var source: SourceLocation

    public init(
        subject: String, date: String, visit: String = "", lymphocytesPerMicroliter: Double,
        source: SourceLocation = SourceLocation(file: "")
    ) {
        self.subject = subject
        self.date = date
        self.visit = visit
        self.lymphocytesPerMicroliter = lymphocytesPerMicroliter
        self.source = source
    }
}
