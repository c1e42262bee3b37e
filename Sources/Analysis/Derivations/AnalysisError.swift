/// A problem that stops a derivation: the input cannot be analysed without a guess.
public struct AnalysisError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable code (`duplicate-baseline`, `invalid-date`).
    public var code: String
    public var message: String
    public init(code: String, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(message) [\(code)]" }
}
