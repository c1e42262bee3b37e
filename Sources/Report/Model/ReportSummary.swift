/// What `ReportBuilder` made, for the command line to print.
public struct ReportSummary: Sendable {
    public var directory: String
    /// `report.html`, `cfb.csv`, `response.csv`, `summary.csv`, `associations.csv`, full paths.
    public var files: [String]
    public var html: String
    /// The HDF5 file the result tables were written to in the store, when built from a store.
    public var resultsPath: String?
    public var cfbRows: Int
    public var responseRows: Int
    public var summaryRows: Int
    public var associationRows: Int
    public var blinded: Bool
    public var warnings: [String]
}
