/// One item of a clinical instrument for one subject at one visit, as the site recorded it:
/// `MMT8/TOTAL = 62`, `SLEDAI2K/ARTHRITIS = 1`, `BILAG/RENAL = "B"`, `ENZYMES/CK = 1250 U/L`.
///
/// Instrument and item codes are the canonical ones the analysis layer knows (see
/// `ClinicalInstrument` in Analysis); a single-score instrument uses the item `TOTAL`.
public struct ClinicalAssessment: Sendable, Hashable {
    public var subject: String
    public var visit: String
    /// ISO 8601 date (yyyy-mm-dd).
    public var date: String
    public var instrument: String
    public var item: String
    /// The numeric value; NaN when the item is not numeric (BILAG grades) or was not done.
    public var value: Double
    /// The cell as written when it is not a plain number (`B`, `not done`), else empty.
    public var text: String
    public var unit: String
    /// Upper limit of normal of a laboratory item (muscle enzymes), NaN when not given.
    public var upperLimitOfNormal: Double
    /// Where the value was read (file:line), for messages that point back to the source.
    public var source: SourceLocation

    public init(
        subject: String, visit: String, date: String, instrument: String, item: String = "TOTAL",
        value: Double, text: String = "", unit: String = "", upperLimitOfNormal: Double = .nan,
        source: SourceLocation = SourceLocation(file: "")
    ) {
        self.subject = subject
        self.visit = visit
        self.date = date
        self.instrument = instrument
        self.item = item
        self.value = value
        self.text = text
        self.unit = unit
        self.upperLimitOfNormal = upperLimitOfNormal
        self.source = source
    }

    /// The item has neither a number nor a text value.
    public var isMissing: Bool { value.isNaN && text.isEmpty }
}
