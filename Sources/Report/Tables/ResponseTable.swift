import Analysis
import Domain

/// `response.csv`: one row per subject × criterion × assessed visit × BASETYPE.
public enum ResponseTable {
    public static func make(_ responses: [ResponseRecord], armOf: [String: String]) -> AuxiliaryTable {
        TableBuilder.make(
            "response", rows: responses,
            columns: [
                .text("STUDYID") { $0.studyID },
                .text("USUBJID") { $0.subject },
                .text("ARM") { armOf[$0.subject] ?? "" },
                .text("CRIT") { $0.criterion },
                .text("BASETYPE") { $0.basetype },
                .text("AVISIT") { $0.visit },
                .integer("AVISITN") { $0.visitNumber },
                .number("SCORE") { $0.score },
                .number("SCORECHG") { $0.change },
                .text("CATEGORY") { $0.category },
                .text("RESPFL") { $0.responder.rawValue },
                .text("REASON") { $0.reason },
            ])
    }
}
