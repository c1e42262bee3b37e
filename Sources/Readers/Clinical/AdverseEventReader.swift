import Domain

/// Reads an adverse-event listing: `subject, term, grade, onset[, serious]`. Grades are CTCAE
/// 1–5, written `3` or `Grade 3`; `serious` is Y/N (yes/no, true/false).
public struct AdverseEventReader: Sendable {
    public init() {}

    static let table = ClinicalTable(columns: [
        ClinicalTable.subject,
        .init(key: "term", synonyms: ["aeterm", "aedecod", "preferred_term", "event"], required: true),
        .init(key: "grade", synonyms: ["aetoxgr", "ctcae_grade", "severity_grade"], required: true),
        .init(key: "onset", synonyms: ["onset_date", "start_date", "aestdtc"], required: true),
        .init(key: "serious", synonyms: ["aeser", "sae"], required: false),
    ])

    public func read(_ file: SourceFile) throws -> ClinicalReadResult<AdverseEvent> {
        try Self.table.read(file) { row in
            guard let subject = row.required("subject"), let term = row.required("term"),
                let gradeText = row.required("grade"), let onset = row.date("onset")
            else { return nil }
            var g = gradeText.lowercased()
            if g.hasPrefix("grade") { g = String(g.dropFirst(5)) }
            guard let grade = Int(g.trimmingSpaces), (1...5).contains(grade) else {
                row.error("grade", "invalid-grade", "grade '\(gradeText)' is not a CTCAE grade 1–5")
                return nil
            }
            var serious = false
            let s = row.text("serious").lowercased()
            switch s {
            case "", "n", "no", "false", "0": serious = false
            case "y", "yes", "true", "1": serious = true
            default:
                row.error("serious", "invalid-flag", "serious '\(row.text("serious"))' is not Y or N")
                return nil
            }
            return AdverseEvent(
                subject: subject, term: term, grade: grade, onset: onset, serious: serious,
                source: row.location("term"))
        }
    }
}
