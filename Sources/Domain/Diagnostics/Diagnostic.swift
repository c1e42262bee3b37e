/// A problem found in input, always tied to a place in a file.
///
/// `error` rejects the row (or, where the reader cannot go on, the whole file); `warning` keeps
/// the value and reports it (a count written as 12.0, a Windows-1252 file, an implausible Treg %).
public struct Diagnostic: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation
    /// A stable, greppable code such as `non-numeric-value` or `missing-subject`.
    public var code: String
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, code: String, _ message: String) {
        self.severity = severity
        self.location = location
        self.code = code
        self.message = message
    }

    public static func error(_ location: SourceLocation, code: String, _ message: String) -> Diagnostic {
        Diagnostic(.error, location, code: code, message)
    }

    public static func warning(_ location: SourceLocation, code: String, _ message: String) -> Diagnostic {
        Diagnostic(.warning, location, code: code, message)
    }

    public var description: String { "\(location): \(severity.rawValue): \(message) [\(code)]" }
}

/// An input that cannot be read at all (wrong format, unreadable bytes, missing header). The
/// whole file is rejected; nothing from it is stored.
public struct FileRejected: Error, Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic
    public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
    public init(_ location: SourceLocation, code: String, _ message: String) {
        diagnostic = .error(location, code: code, message)
    }
    public var description: String { diagnostic.description }
}
