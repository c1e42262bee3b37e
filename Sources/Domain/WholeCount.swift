/// Counts of events (cytometry gates) and of beads (multiplex wells) are whole numbers. This is
/// the one test of "whole" for every place that looks at a count: the FlowJo readers round a
/// fraction (`non-whole-count`), the cytokine readers reject a bead count with one
/// (`invalid-count`), and the validator rounds counts that other readers passed on as written.
///
/// Exact, with no tolerance: counts are read from text, never computed, so a fraction however
/// small (`12.0000000001`) was written by someone and is worth the warning.
public enum WholeCount {
    public static func isWhole(_ value: Double) -> Bool { value == value.rounded() }
}
