/// How far a value can be trusted as a number. A value below the lower limit of quantification is
/// *not zero*: it keeps its qualifier and its raw text, and analysis applies a stated rule to it.
public enum Qualifier: String, Sendable, CaseIterable, Codable {
    case inRange = "in_range"
    case belowLLOQ = "<LLOQ"
    case aboveULOQ = ">ULOQ"
    case extrapolated = "extrapolated"
    case notAvailable = "not_available"
    case outlier = "outlier"
}
