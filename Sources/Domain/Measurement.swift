import Foundation

/// One value, in the long ("tidy") shape every reader produces and the store keeps: one row per
/// sample × analyte × statistic. Readers fill what the file says; panel mapping fills `analyte`
/// and `denominator`; linkage fills `subject`, `visit` and `collectionDate`.
public struct Measurement: Sendable, Hashable {
    /// The sample or specimen identifier as the file wrote it (FCS file name, well sample ID…).
    public var sample: String
    public var subject: String
    public var visit: String
    /// ISO 8601 date (yyyy-mm-dd), empty when unknown.
    public var collectionDate: String
    public var assay: Assay
    /// Canonical code (`TREG`, `IL6`) once mapped; the source name until then.
    public var analyte: String
    /// The name exactly as the source wrote it (gate path, bead analyte name, column header).
    public var sourceName: String
    public var statistic: Statistic
    /// For percentages and ratios: the population or analyte the value is relative to.
    public var denominator: String
    /// The channel or marker a fluorescence statistic refers to (`Median : CD25 PE` → `CD25 PE`).
    public var parameter: String
    /// NaN when missing or not available; never 0 for "below range".
    public var value: Double
    public var unit: String
    public var qualifier: Qualifier
    /// The raw text of the cell where it differs from the formatted number (`< 0.105`, `OOR <`).
    public var rawValue: String
    /// Comma-separated flags (`control`, `low-bead-count`, `cv-high`…).
    public var flags: String
    /// Columns the source had that the model has no place for, kept as a JSON object of strings
    /// so that nothing the lab wrote is lost.
    public var extra: String
    /// Where the value was read: 1-based line and column in the source file.
    public var sourceLine: Int
    public var sourceColumn: Int

    public init(
        sample: String, subject: String = "", visit: String = "", collectionDate: String = "",
        assay: Assay, analyte: String, sourceName: String? = nil, statistic: Statistic,
        denominator: String = "", parameter: String = "", value: Double, unit: String = "",
        qualifier: Qualifier = .inRange, rawValue: String = "", flags: String = "",
        extra: String = "", sourceLine: Int = 0, sourceColumn: Int = 0
    ) {
        self.sample = sample
        self.subject = subject
        self.visit = visit
        self.collectionDate = collectionDate
        self.assay = assay
        self.analyte = analyte
        self.sourceName = sourceName ?? analyte
        self.statistic = statistic
        self.denominator = denominator
        self.parameter = parameter
        self.value = value
        self.unit = unit
        self.qualifier = qualifier
        self.rawValue = rawValue
        self.flags = flags
        self.extra = extra
        self.sourceLine = sourceLine
        self.sourceColumn = sourceColumn
    }

}
