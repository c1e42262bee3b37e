/// Choices a researcher may make about the figures; the defaults are what a paper would show.
public struct ReportOptions: Sendable {
    public enum TrajectoryX: String, Sendable, CaseIterable {
        case studyDay = "study-day"
        case visitNumber = "visit"
    }
    public enum TrajectoryY: String, Sendable, CaseIterable {
        case value = "aval"
        case percentChange = "pchg"
    }

    /// x of the subject trajectories: study day (ADY) or analysis visit number (AVISITN).
    public var trajectoryX: TrajectoryX = .studyDay
    /// y of the subject trajectories: the analysis value (AVAL) or percent change (PCHG).
    public var trajectoryY: TrajectoryY = .value
    /// Which tables to make: all of them (and the page), or only the change-from-baseline table.
    public enum Tables: String, Sendable, CaseIterable { case all, cfb }
    public var tables: Tables = .all
    /// q-value below which an association is highlighted.
    public var significance: Double = 0.05
    /// Most association rows shown in the page (all are in associations.csv).
    public var associationRowsShown: Int = 60

    public init() {}
}
