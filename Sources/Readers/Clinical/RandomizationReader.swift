import Domain

/// Reads a randomization (unblinding) file: `subject, arm`. A subject listed twice is an error
/// on the later row, even with the same arm, because the file is meant to be the sponsor's key.
public struct RandomizationReader: Sendable {
    public init() {}

    static let table = ClinicalTable(columns: [
        ClinicalTable.subject,
        .init(key: "arm", synonyms: ["armcd", "treatment", "trt01p", "arm_code", "group"], required: true),
    ])

    public func read(_ file: SourceFile) throws -> ClinicalReadResult<ArmAssignment> {
        var seen: [String: Int] = [:]
        return try Self.table.read(file) { row in
            guard let subject = row.required("subject"), let arm = row.required("arm") else { return nil }
            if let first = seen[subject] {
                row.error("subject", "duplicate-subject", "subject \(subject) is already randomized on line \(first)")
                return nil
            }
            seen[subject] = row.line
            return ArmAssignment(subject: subject, arm: arm, source: row.location("arm"))
        }
    }
}
