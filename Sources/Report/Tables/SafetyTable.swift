import Analysis
import Domain

/// `safety.csv`: treatment-emergent adverse events, subjects and events per category and arm.
public enum SafetyTable {
    public static func make(_ summary: AdverseEventSummary, studyID: String) -> AuxiliaryTable {
        TableBuilder.make(
            "safety", rows: summary.rows,
            columns: [
                .text("STUDYID") { _ in studyID },
                .text("CATEGORY") { $0.category },
                .text("AEDECOD") { $0.term },
                .text("ARM") { $0.arm },
                .integer("SUBJECTS") { $0.subjects },
                .integer("EVENTS") { $0.events },
                .integer("POPULATION") { $0.population },
                .number("PCT") { $0.population > 0 ? 100 * Double($0.subjects) / Double($0.population) : nil },
            ])
    }
}
