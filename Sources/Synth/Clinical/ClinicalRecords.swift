import Domain

/// One row of `clinical.csv`: an instrument item of a subject at a visit, in the long shape the
/// clinical reader expects (`subject, visit, date, instrument, item, value, unit, uln`), with the
/// canonical instrument codes of the analysis layer (PHGA, PTGA, HAQ, MMT8, EXTRAMUSCULAR,
/// ENZYMES, SLEDAI2K, BILAG, PGA, PMRAS).
struct ClinicalRow {
    var subject: String
    var visit: String
    var date: CivilDate
    var instrument: String
    var item: String
    var value: String
    var unit: String = ""
    var uln: String = ""

    static let header = ["subject", "visit", "date", "instrument", "item", "value", "unit", "uln"]
    var fields: [String] { [subject, visit, date.iso, instrument, item, value, unit, uln] }
}

/// One row of the LIMS export (`lims-export.csv`): a laboratory value in the tidy long shape.
struct LimsRow {
    var subject: String
    var visit: String
    var date: CivilDate
    var assay: String
    var analyte: String
    var statistic: String
    var value: String
    var unit: String
    var denominator: String = ""

    static let header = ["subject", "visit", "date", "assay", "analyte", "statistic", "value", "unit", "denominator"]
    var fields: [String] { [subject, visit, date.iso, assay, analyte, statistic, value, unit, denominator] }
}

/// What a disease module produces for one subject.
struct ClinicalOutput {
    var clinical: [ClinicalRow] = []
    var lims: [LimsRow] = []
}

extension Subject {
    /// Attended visits with clinical assessments (screening included).
    var clinicalVisits: [(visit: VisitPlan, date: CivilDate)] { visitDates.filter { $0.visit.clinical } }
}
