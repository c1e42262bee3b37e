/// The kind of assay a measurement comes from. Stored as a categorical column.
public enum Assay: String, Sendable, CaseIterable, Codable {
    case cytometry
    case cytokine
    case clinical
}
