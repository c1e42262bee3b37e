/// What an association row is.
public enum AssociationAnalysis: String, Sendable, Hashable, CaseIterable {
    /// Descriptive statistics of one group.
    case summary
    /// Wilcoxon signed-rank test of change from baseline against 0 within a group.
    case changeWithinGroup = "wilcoxon_change"
    /// Mann-Whitney U: responders vs non-responders.
    case respondersVersusNonResponders = "mann_whitney_response"
    /// Mann-Whitney U: one arm vs another (only when unblinded).
    case betweenArms = "mann_whitney_arms"
    /// Spearman correlation of immune change with the clinical score's change.
    case correlationWithClinicalChange = "spearman_clinical"
    /// Fisher's exact test of the response rate, one arm vs another (only when unblinded).
    case responseRateByArm = "fisher_response_rate"
}

/// One result of the association layer: an analyte at an analysis visit, in a group, linked to a
/// response criterion where relevant.
public struct AssociationRecord: Sendable, Hashable {
    public var studyID: String
    /// PARAMCD of the immune parameter; empty for response-rate rows.
    public var parameterCode: String
    public var parameter: String
    public var basetype: String
    public var visit: String
    public var visitNumber: Int?
    /// `CHG` after baseline, `AVAL` at the baseline visit, `response` for response rates.
    public var variable: String
    /// Response criterion (`TIS`…), empty when the row does not involve response.
    public var criterion: String
    /// The visit the response status was taken at.
    public var responseVisit: String
    public var analysis: AssociationAnalysis
    /// `all`, `arm=IL2`, `arm=IL2 response=Y`…
    public var group: String
    /// For two-group tests: `Y vs N`, `IL2 vs PBO`; for correlations `CHG vs TIS`.
    public var comparison: String
    /// Observations (first group for two-group tests).
    public var n: Int
    /// Second group's size in two-group tests.
    public var n2: Int?
    public var summary: Summary?
    /// Test statistic as scipy reports it (W = min(R⁺, R⁻), U₁, ρ, odds ratio); NaN when none.
    public var statistic: Double
    /// Effect estimate: median change (Wilcoxon), difference of medians (Mann-Whitney),
    /// ρ (Spearman), odds ratio (Fisher), difference of response rates…; NaN when none.
    public var estimate: Double
    public var pValue: Double
    /// Benjamini-Hochberg q-value across the analytes of the same analysis, visit, group and
    /// criterion; NaN where no p-value.
    public var qValue: Double
    /// `exact` or `asymptotic`; empty for summaries.
    public var method: String
    /// True when arms were hidden (blinded study without randomization file): groups are pooled.
    public var blinded: Bool
    /// Why a test was not computed, or anything qualifying it.
    public var note: String

    init(
        studyID: String, parameterCode: String, parameter: String, basetype: String, visit: String,
        visitNumber: Int?, variable: String, criterion: String = "", responseVisit: String = "",
        analysis: AssociationAnalysis, group: String, comparison: String = "", n: Int, n2: Int? = nil,
        summary: Summary? = nil, statistic: Double = .nan, estimate: Double = .nan, pValue: Double = .nan,
        method: String = "", blinded: Bool, note: String = ""
    ) {
        self.studyID = studyID
        self.parameterCode = parameterCode
        self.parameter = parameter
        self.basetype = basetype
        self.visit = visit
        self.visitNumber = visitNumber
        self.variable = variable
        self.criterion = criterion
        self.responseVisit = responseVisit
        self.analysis = analysis
        self.group = group
        self.comparison = comparison
        self.n = n
        self.n2 = n2
        self.summary = summary
        self.statistic = statistic
        self.estimate = estimate
        self.pValue = pValue
        self.qValue = .nan
        self.method = method
        self.blinded = blinded
        self.note = note
    }
}
