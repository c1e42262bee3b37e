/// A glucocorticoid dosing interval, as concomitant-medication logs record it. The daily dose is
/// kept as written and as prednisone equivalent, since trials taper in prednisone mg/day.
public struct GlucocorticoidDose: Sendable, Hashable {
    public var subject: String
    public var drug: String
    /// Daily dose in mg of `drug`.
    public var dailyDoseMg: Double
    /// Daily dose converted to prednisone mg (prednisone = prednisolone = 1, methylprednisolone
    /// 1.25, dexamethasone 6.67, hydrocortisone 0.25); NaN for a drug without a known factor.
    public var prednisoneEquivalentMg: Double
    /// ISO 8601 dates; `endDate` empty while ongoing.
    public var startDate: String
    public var endDate: String
    public var source: SourceLocation

    public init(
        subject: String, drug: String, dailyDoseMg: Double, prednisoneEquivalentMg: Double,
        startDate: String, endDate: String = "", source: SourceLocation = SourceLocation(file: "")
    ) {
        self.subject = subject
        self.drug = drug
        self.dailyDoseMg = dailyDoseMg
        self.prednisoneEquivalentMg = prednisoneEquivalentMg
        self.startDate = startDate
        self.endDate = endDate
        self.source = source
    }

    /// Prednisone-equivalence factors (mg prednisone per mg of drug), from the usual
    /// anti-inflammatory equivalent doses (prednisone 5 mg = methylprednisolone 4 mg =
    /// dexamethasone 0.75 mg = hydrocortisone 20 mg = deflazacort 6 mg).
    public static let prednisoneFactors: [String: Double] = [
        "prednisone": 1, "prednisolone": 1, "methylprednisolone": 1.25, "dexamethasone": 5.0 / 0.75,
        "hydrocortisone": 0.25, "deflazacort": 5.0 / 6.0, "betamethasone": 5.0 / 0.6,
    ]
}
