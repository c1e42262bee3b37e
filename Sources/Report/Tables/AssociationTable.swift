import Analysis
import Domain

/// `associations.csv`: every row of the association layer, with its BH q-value.
public enum AssociationTable {
    public static func make(_ rows: [AssociationRecord]) -> AuxiliaryTable {
        TableBuilder.make(
            "associations", rows: rows,
            columns: [
                .text("STUDYID") { $0.studyID },
                .text("PARAMCD") { $0.parameterCode },
                .text("PARAM") { $0.parameter },
                .text("BASETYPE") { $0.basetype },
                .text("AVISIT") { $0.visit },
                .integer("AVISITN") { $0.visitNumber },
                .text("VARIABLE") { $0.variable },
                .text("CRIT") { $0.criterion },
                .text("RESPVISIT") { $0.responseVisit },
                .text("ANALYSIS") { $0.analysis.rawValue },
                .text("GROUP") { $0.group },
                .text("COMPARISON") { $0.comparison },
                .integer("N") { $0.n },
                .integer("N2") { $0.n2 },
                .number("MEAN") { $0.summary?.mean },
                .number("SD") { $0.summary?.sd },
                .number("MEDIAN") { $0.summary?.median },
                .number("Q1") { $0.summary?.q1 },
                .number("Q3") { $0.summary?.q3 },
                .number("STATISTIC") { $0.statistic },
                .number("ESTIMATE") { $0.estimate },
                .number("PVALUE") { $0.pValue },
                .number("QVALUE") { $0.qValue },
                .text("METHOD") { $0.method },
                .text("BLINDED") { $0.blinded ? "Y" : "N" },
                .text("NOTE") { $0.note },
            ])
    }
}
