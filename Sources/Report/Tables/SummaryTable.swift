import Analysis
import Domain

/// `summary.csv`: n, mean, SD, median, quartiles and range per analyte × visit × arm × response
/// group, for AVAL, CHG and PCHG.
public enum SummaryTable {
    public static func make(_ rows: [SummaryRow]) -> AuxiliaryTable {
        TableBuilder.make(
            "summary", rows: rows,
            columns: [
                .text("STUDYID") { $0.studyID },
                .text("PARCAT") { $0.category },
                .text("PARAMCD") { $0.parameterCode },
                .text("PARAM") { $0.parameter },
                .text("BASETYPE") { $0.basetype },
                .text("AVISIT") { $0.visit },
                .integer("AVISITN") { $0.visitNumber },
                .text("ARM") { $0.arm },
                .text("CRIT") { $0.criterion },
                .text("RESPVISIT") { $0.responseVisit },
                .text("RESPONSE") { $0.response },
                .text("VARIABLE") { $0.variable },
                .text("UNIT") { $0.variable == "PCHG" ? "%" : $0.unit },
                .integer("N") { $0.summary.n },
                .integer("NMISS") { $0.summary.missing },
                .number("MEAN") { $0.summary.mean },
                .number("SD") { $0.summary.sd },
                .number("MEDIAN") { $0.summary.median },
                .number("Q1") { $0.summary.q1 },
                .number("Q3") { $0.summary.q3 },
                .number("MIN") { $0.summary.min },
                .number("MAX") { $0.summary.max },
            ])
    }
}
