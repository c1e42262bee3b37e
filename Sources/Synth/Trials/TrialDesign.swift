import Domain

/// The diseases of the seeded trials; each has its own clinical instruments and immune baseline.
public enum Disease: String, Sendable {
    case dermatomyositis = "DM"
    case lupus = "SLE"
    case polymyalgia = "PMR"
}

/// A scheduled visit: its name, nominal study day (Day 1 = first dose) and allowed window, and
/// what is collected there.
public struct VisitPlan: Sendable, Hashable {
    public var name: String
    public var day: Int
    /// ± days around the nominal day.
    public var window: Int
    /// PBMC for flow cytometry.
    public var flow: Bool
    /// Serum for cytokines.
    public var serum: Bool
    /// Clinical assessments (instruments); safety labs are drawn at every visit.
    public var clinical: Bool

    public init(_ name: String, day: Int, window: Int, flow: Bool = true, serum: Bool = true, clinical: Bool = true) {
        self.name = name
        self.day = day
        self.window = window
        self.flow = flow
        self.serum = serum
        self.clinical = clinical
    }
}

/// What a subject receives in an arm, as study-day intervals of dosing. The pharmacodynamic
/// effect rises while dosed and decays after (`DrugCourse`).
public struct ArmPlan: Sendable, Hashable {
    public enum Drug: String, Sendable {
        case lowDoseIL2 = "IL-2"
        case abatacept, placebo
    }

    /// Code in the randomization file (`IL2`, `PBO`, `ABA`).
    public var code: String
    public var drug: Drug
    /// Study days with active drug (placebo switching to open-label IL-2 has days from Week 12).
    public var activeDosing: [ClosedRange<Int>]
    /// Share of clinical responders among subjects of this arm.
    public var responderShare: Double
}

/// One of the seeded clinical trials: design, schedule, sites and the lab habits of its exports.
public struct TrialDesign: Sendable {
    public enum XPonentDialect: Sendable {
        /// xPONENT 4.x raw export: every field quoted, CRLF, US month-first dates.
        case quotedV4
        /// xPONENT 3.1 export re-saved in Excel: unquoted, rows padded with commas, day-first dates.
        case paddedV31
    }

    public var studyID: String
    public var title: String
    public var disease: Disease
    public var sites: [String]
    public var subjectCount: Int
    public var arms: [ArmPlan]
    /// False for single-arm trials (one arm, no placebo).
    public var randomized: Bool
    public var visits: [VisitPlan]
    /// First possible first dose; enrolment spreads over `enrollmentDays`.
    public var enrollmentStart: CivilDate
    public var enrollmentDays: Int
    /// Study day of the open-label switch (all subjects receive active drug from then on).
    public var openLabelDay: Int?
    /// MMT-8 scale maximum (150 bilateral, 80 unilateral) for myositis trials.
    public var mmtMaximum: Int
    public var xponent: XPonentDialect
    /// Blood counts in 10⁹/L (Chinese and European hospital labs) instead of cells/µL.
    public var bloodCountsInGigaPerLitre: Bool
    /// FlowJo running on Windows writes CRLF.
    public var flowJoCRLF: Bool
    /// Site prefix of the Luminex batch names and the flow acquisition lab.
    public var labName: String
}

extension TrialDesign {
    /// NCT05495321: low-dose IL-2 vs placebo in refractory dermatomyositis, 12 weeks double-blind,
    /// then 12 weeks open-label IL-2 for everyone (placebo switches).
    public static let nct05495321 = TrialDesign(
        studyID: "NCT05495321",
        title: "Low-dose IL-2 vs placebo in refractory dermatomyositis (double-blind to W12, open-label to W24)",
        disease: .dermatomyositis, sites: ["DM01", "DM02"], subjectCount: 12,
        arms: [
            ArmPlan(code: "IL2", drug: .lowDoseIL2, activeDosing: [1...168], responderShare: 0.58),
            ArmPlan(code: "PBO", drug: .placebo, activeDosing: [85...168], responderShare: 0.2),
        ],
        randomized: true,
        visits: [
            VisitPlan("SCREENING", day: -14, window: 3, flow: false, serum: false),
            VisitPlan("BASELINE", day: 1, window: 0),
            VisitPlan("W2", day: 15, window: 2, clinical: false),
            VisitPlan("W4", day: 29, window: 3),
            VisitPlan("W8", day: 57, window: 4),
            VisitPlan("W12", day: 85, window: 4),
            VisitPlan("W16", day: 113, window: 5),
            VisitPlan("W24", day: 169, window: 7),
        ],
        enrollmentStart: CivilDate(2022, 11, 7), enrollmentDays: 150, openLabelDay: 85, mmtMaximum: 150,
        xponent: .quotedV4, bloodCountsInGigaPerLitre: false, flowJoCRLF: false, labName: "CIML")

    /// NCT04946669: abatacept in refractory dermatomyositis, single arm, primary end point Week 12.
    public static let nct04946669 = TrialDesign(
        studyID: "NCT04946669",
        title: "Abatacept in refractory dermatomyositis (single arm, primary end point W12)",
        disease: .dermatomyositis, sites: ["MY01"], subjectCount: 8,
        arms: [ArmPlan(code: "ABA", drug: .abatacept, activeDosing: [1...168], responderShare: 0.5)],
        randomized: false,
        visits: [
            VisitPlan("BASELINE", day: 1, window: 0),
            VisitPlan("W4", day: 29, window: 3),
            VisitPlan("W12", day: 85, window: 5),
            VisitPlan("W24", day: 169, window: 7),
        ],
        enrollmentStart: CivilDate(2021, 9, 13), enrollmentDays: 180, openLabelDay: nil, mmtMaximum: 80,
        xponent: .quotedV4, bloodCountsInGigaPerLitre: false, flowJoCRLF: false, labName: "MYO")

    /// NCT02465580: low-dose IL-2 vs placebo in SLE, three 2-week treatment cycles (IL-2 on days
    /// 1–14, 29–42, 57–70), SLEDAI-2K ≥ 8 at entry.
    public static let nct02465580 = TrialDesign(
        studyID: "NCT02465580",
        title: "Low-dose IL-2 vs placebo in systemic lupus erythematosus (three 2-week cycles)",
        disease: .lupus, sites: ["SL01", "SL02"], subjectCount: 12,
        arms: [
            ArmPlan(code: "IL2", drug: .lowDoseIL2, activeDosing: [1...14, 29...42, 57...70], responderShare: 0.6),
            ArmPlan(code: "PBO", drug: .placebo, activeDosing: [], responderShare: 0.3),
        ],
        randomized: true,
        visits: [
            VisitPlan("BASELINE", day: 1, window: 0),
            VisitPlan("W2", day: 15, window: 1),
            VisitPlan("W4", day: 29, window: 2),
            VisitPlan("W6", day: 43, window: 2),
            VisitPlan("W8", day: 57, window: 2),
            VisitPlan("W10", day: 71, window: 2),
            VisitPlan("W12", day: 85, window: 3),
        ],
        enrollmentStart: CivilDate(2015, 9, 7), enrollmentDays: 200, openLabelDay: nil, mmtMaximum: 0,
        xponent: .paddedV31, bloodCountsInGigaPerLitre: true, flowJoCRLF: true, labName: "PKU")

    /// NCT04062006: open-label low-dose IL-2 in polymyalgia rheumatica (treatment to W12,
    /// follow-up to W24).
    public static let nct04062006 = TrialDesign(
        studyID: "NCT04062006",
        title: "Open-label low-dose IL-2 in polymyalgia rheumatica",
        disease: .polymyalgia, sites: ["PM01"], subjectCount: 8,
        arms: [ArmPlan(code: "IL2", drug: .lowDoseIL2, activeDosing: [1...84], responderShare: 0.6)],
        randomized: false,
        visits: [
            VisitPlan("BASELINE", day: 1, window: 0),
            VisitPlan("W4", day: 29, window: 3),
            VisitPlan("W8", day: 57, window: 3),
            VisitPlan("W12", day: 85, window: 4),
            VisitPlan("W24", day: 169, window: 7),
        ],
        enrollmentStart: CivilDate(2020, 1, 13), enrollmentDays: 160, openLabelDay: nil, mmtMaximum: 0,
        xponent: .quotedV4, bloodCountsInGigaPerLitre: false, flowJoCRLF: true, labName: "PMR")

    public static let all: [TrialDesign] = [nct05495321, nct04946669, nct02465580, nct04062006]
}
