/// A study as the analysis needs it: arms, visit schedule with windows, what Day 1 and baseline
/// are, the clinical instruments and response criteria, the analytes and visits of interest, and
/// how values below the lower limit of quantification enter the analysis. Read from
/// `pipelines/studies/<study>.yaml` by `StudyDefinition.load(path:)`.
public struct StudyDefinition: Sendable, Hashable {
    public var studyID: String
    public var title: String
    public var condition: Condition
    public var design: Design
    public var arms: [Arm]
    /// What defines Day 1. Only `first_dose` today (Day 1 = date of the first dose of study drug).
    public var day1: Day1Rule
    public var baseline: BaselineRule
    /// A second baseline for a later period (placebo patients switching to active drug).
    public var secondBaseline: SecondBaseline?
    public var visits: [VisitWindow]
    public var instruments: [Instrument]
    public var responseCriteria: [ResponseCriterion]
    /// The manual muscle testing scale in use (MMT-8 scored 0–80 or 0–150); nil when the study
    /// does not measure muscle strength.
    public var mmtScale: Int?
    /// Canonical analyte codes analysed (`TREG`, `IL6`…).
    public var analytes: [String]
    /// The analysis visits reported (a subset of `visits` names).
    public var visitsOfInterest: [String]
    public var lloq: LLOQPolicy

    public enum Condition: String, Sendable, Hashable, CaseIterable {
        case dermatomyositis
        case juvenileDermatomyositis = "juvenile_dermatomyositis"
        case systemicLupusErythematosus = "systemic_lupus_erythematosus"
        case polymyalgiaRheumatica = "polymyalgia_rheumatica"
    }

    public struct Design: Sendable, Hashable {
        public var randomized: Bool
        /// Arms stay hidden unless a randomization file is given to the analysis.
        public var blinded: Bool
        public var periods: [Period]
    }

    public struct Period: Sendable, Hashable {
        public var name: String
        /// Study days the period spans (inclusive).
        public var startDay: Int
        public var endDay: Int
    }

    public struct Arm: Sendable, Hashable {
        public var code: String
        public var name: String
        public var placebo: Bool
    }

    public enum Day1Rule: String, Sendable, Hashable {
        case firstDose = "first_dose"
    }

    public struct BaselineRule: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            /// The last non-missing value on or before Day 1 (the CDISC ADaM default).
            case lastOnOrBeforeDay1 = "last_on_or_before_day1"
            /// The last non-missing value strictly before Day 1 (pre-dose samples on Day 1 excluded).
            case lastBeforeDay1 = "last_before_day1"
        }
        public var kind: Kind
        /// BASETYPE of the rows this baseline anchors (`DOUBLE-BLIND`); empty when the study has a
        /// single baseline.
        public var basetype: String
        /// The analysis visit given to the baseline record (AVISIT), e.g. `Baseline`.
        public var visit: String
    }

    /// A baseline for a later period: the last non-missing value on or before the first dose of
    /// that period (each subject's own date from the first-dose file, `FirstDose.period`).
    public struct SecondBaseline: Sendable, Hashable {
        public var basetype: String
        public var period: String
        public var kind: BaselineRule.Kind
        /// Analysis visits that belong to the later period and get rows with this BASETYPE.
        public var visits: [String]
        /// The analysis visit the second-baseline record is shown at (e.g. `Week 12`).
        public var visit: String
    }

    public struct VisitWindow: Sendable, Hashable {
        public var name: String
        /// AVISITN.
        public var number: Int
        public var targetDay: Int
        public var windowLow: Int
        public var windowHigh: Int

        public func contains(day: Int) -> Bool { (windowLow...windowHigh).contains(day) }
    }

    public struct Instrument: Sendable, Hashable {
        public var code: String
        public var name: String
        /// Scale range, where the instrument is a scale (VAS 0–10, HAQ 0–3).
        public var minimum: Double?
        public var maximum: Double?
        /// Item codes (SLEDAI-2K descriptors, muscle enzymes); empty for a single score.
        public var items: [String]
        /// Upper limits of normal by item (muscle enzymes), used when the data carry none.
        public var upperLimitsOfNormal: [String: Double]

        public var range: ClosedRange<Double>? {
            guard let minimum, let maximum else { return nil }
            return minimum...maximum
        }
    }

    public struct LLOQPolicy: Sendable, Hashable {
        public var rule: LLOQRule
        /// Analyte → LLOQ, for values reported only as `OOR <` (no limit in the file).
        public var limits: [String: Double]
    }

    public func visit(named name: String) -> VisitWindow? { visits.first { $0.name == name } }
    public func instrument(_ code: String) -> Instrument? { instruments.first { $0.code == code } }
}

/// How a value below the lower limit of quantification enters the analysis. The value stays
/// flagged (`Qualifier.belowLLOQ`) whichever rule is used.
public enum LLOQRule: String, Sendable, Hashable, CaseIterable {
    /// AVAL = LLOQ / 2 (the default).
    case half = "lloq_half"
    /// AVAL = LLOQ.
    case limit = "lloq"
    /// AVAL missing.
    case missing = "missing"
}

/// A clinical response criterion a study uses, with its (possibly study-overridden) parameters.
public struct ResponseCriterion: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case totalImprovementScore(TotalImprovementScore.Parameters)
        case imacsImprovement(IMACSDefinitionOfImprovement.Parameters)
        case sri4(SRI4.Parameters)
        case pmrActivityScore(PMRActivityScore.Parameters)
    }
    public var kind: Kind
    /// Analysis visits at which the criterion is assessed.
    public var visits: [String]
    /// The visit of the primary end point, if the criterion is primary.
    public var primaryVisit: String?

    public var id: String {
        switch kind {
        case .totalImprovementScore: return "TIS"
        case .imacsImprovement: return "IMACS_DOI"
        case .sri4: return "SRI4"
        case .pmrActivityScore: return "PMR_AS"
        }
    }
}
