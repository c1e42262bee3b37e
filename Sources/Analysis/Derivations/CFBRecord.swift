import Domain

/// One row of a change-from-baseline analysis dataset in the CDISC ADaM Basic Data Structure
/// (BDS). Property names are Swift's; `adamColumns` / `adamValues` give the ADaM variable names
/// and the values as text in that order, for CSV and HDF5 writers.
public struct CFBRecord: Sendable, Hashable {
    /// STUDYID
    public var studyID: String
    /// USUBJID
    public var subject: String
    /// ARM: the randomized arm when known (single-arm study, or randomization file given);
    /// empty while blinded.
    public var arm: String
    /// PARCAT1: `cytometry`, `cytokine` or `clinical`.
    public var parameterCategory: String
    /// PARAMCD
    public var parameterCode: String
    /// PARAM
    public var parameter: String
    /// VISIT as collected.
    public var collectedVisit: String
    /// ADT (ISO 8601).
    public var date: String
    /// ADY: study day, Day 1 = first dose, no day 0; nil without a first dose.
    public var studyDay: Int?
    /// AVISIT: analysis visit by window; empty when the record falls in no window.
    public var analysisVisit: String
    /// AVISITN
    public var analysisVisitNumber: Int?
    /// AVAL: the analysis value (after the LLOQ rule); NaN when missing.
    public var value: Double
    /// AVALC: the value as text when not a plain number (`<0.105`, `OOR <`, BILAG grade `B`).
    public var valueText: String
    /// Unit of AVAL.
    public var unit: String
    /// How far the value can be trusted; below-LLOQ values stay flagged whatever the rule.
    public var qualifier: Qualifier
    /// The LLOQ applied to a below-LLOQ value (NaN otherwise or when unknown).
    public var lloq: Double
    /// ANRHI: upper limit of normal (muscle enzymes), NaN when not applicable.
    public var upperLimitOfNormal: Double
    /// BASETYPE: which baseline this row is relative to; empty for a single-baseline study.
    public var basetype: String
    /// ABLFL: "Y" on the baseline record.
    public var baselineFlag: Bool
    /// BASE (NaN when the subject has no baseline for this parameter).
    public var base: Double
    /// BASEC: the baseline as text (categorical parameters).
    public var baseText: String
    /// CHG = AVAL − BASE, post-baseline only.
    public var change: Double?
    /// PCHG = 100 · CHG / |BASE|; nil when BASE = 0.
    public var percentChange: Double?
    /// R2BASE = AVAL / BASE; nil when BASE = 0.
    public var ratioToBase: Double?
    /// log2(AVAL / BASE); nil unless both are positive.
    public var log2RatioToBase: Double?
    /// ANL01FL: "Y" on the one record analysed for the subject, parameter and analysis visit.
    public var analysisFlag: Bool
    /// Why a value is what it is (`AVAL = LLOQ/2 = 0.0525 from <0.105`).
    public var note: String
    /// Where the value came from (sample id, file:line).
    public var source: String
    /// The date of this row's baseline record (internal: decides what is post-baseline).
    var baselineDate: String = ""

    public init(
        studyID: String, subject: String, arm: String = "", parameterCategory: String,
        parameterCode: String, parameter: String, collectedVisit: String = "", date: String,
        value: Double, valueText: String = "", unit: String = "", qualifier: Qualifier = .inRange,
        lloq: Double = .nan, upperLimitOfNormal: Double = .nan, source: String = ""
    ) {
        self.studyID = studyID
        self.subject = subject
        self.arm = arm
        self.parameterCategory = parameterCategory
        self.parameterCode = parameterCode
        self.parameter = parameter
        self.collectedVisit = collectedVisit
        self.date = date
        self.studyDay = nil
        self.analysisVisit = ""
        self.analysisVisitNumber = nil
        self.value = value
        self.valueText = valueText
        self.unit = unit
        self.qualifier = qualifier
        self.lloq = lloq
        self.upperLimitOfNormal = upperLimitOfNormal
        self.basetype = ""
        self.baselineFlag = false
        self.base = .nan
        self.baseText = ""
        self.change = nil
        self.percentChange = nil
        self.ratioToBase = nil
        self.log2RatioToBase = nil
        self.analysisFlag = false
        self.note = ""
        self.source = source
    }

    /// The record of an input value, before any derivation (AVAL as collected).
    init(_ v: AnalysisValue, studyID: String, arm: String) {
        self.init(
            studyID: studyID, subject: v.subject, arm: arm, parameterCategory: v.parameterCategory,
            parameterCode: v.parameterCode, parameter: v.parameter, collectedVisit: v.collectedVisit, date: v.date,
            value: v.value, valueText: v.valueText, unit: v.unit, qualifier: v.qualifier, lloq: v.lloq,
            upperLimitOfNormal: v.upperLimitOfNormal, source: v.source)
    }

    /// A value is present when AVAL is a number, or, for a categorical parameter (no number at
    /// all), when AVALC holds the category.
    public var hasValue: Bool { !value.isNaN || (isCategorical && !valueText.isEmpty) }

    /// Categorical parameters (BILAG grades) carry AVALC and no AVAL.
    public var isCategorical: Bool { value.isNaN && qualifier == .inRange && !valueText.isEmpty }

    public static let adamColumns = [
        "STUDYID", "USUBJID", "ARM", "PARCAT1", "PARAMCD", "PARAM", "VISIT", "ADT", "ADY", "AVISIT", "AVISITN",
        "AVAL", "AVALC", "AVALU", "QUALIFIER", "LLOQ", "ANRHI", "BASETYPE", "ABLFL", "BASE", "BASEC", "CHG", "PCHG",
        "R2BASE", "L2R2BASE", "ANL01FL", "NOTE", "SRCREF",
    ]

    /// The row as text in `adamColumns` order; missing numbers are empty.
    public var adamValues: [String] {
        func num(_ d: Double?) -> String {
            guard let d, !d.isNaN else { return "" }
            return "\(d)"
        }
        return [
            studyID, subject, arm, parameterCategory, parameterCode, parameter, collectedVisit, date,
            studyDay.map(String.init) ?? "", analysisVisit, analysisVisitNumber.map(String.init) ?? "",
            num(value), valueText, unit, qualifier.rawValue, num(lloq), num(upperLimitOfNormal), basetype,
            baselineFlag ? "Y" : "", num(base), baseText, num(change), num(percentChange), num(ratioToBase),
            num(log2RatioToBase), analysisFlag ? "Y" : "", note, source,
        ]
    }
}
