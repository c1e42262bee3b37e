/// A problem that stops the report: the inputs do not belong together or cannot be written.
public struct ReportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
