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
        self.message = Self.bounded(message)
    }

    /// Longest message kept, in UTF-8 bytes. Messages quote the cell they are about, and a cell
    /// can be 50 MB (a damaged or hostile file): echoed whole it would fill logs, the catalog and
    /// the report. Cut here, once, so that no reader has to remember to.
    public static let maximumMessageBytes = 1024

    /// `message` with its middle cut when it is longer than `maximumMessageBytes`: the start
    /// (what and where) and the end (why) are kept.
    static func bounded(_ message: String) -> String {
        let size = message.utf8.count
        guard size > maximumMessageBytes else { return message }
        var head = Array(message.utf8.prefix(600)), tail = Array(message.utf8.suffix(300))
        // Cut on character boundaries: no half UTF-8 sequence at either seam.
        while let last = head.last, last & 0xC0 == 0x80 { head.removeLast() }
        if let last = head.last, last >= 0xC0 { head.removeLast() }
        while let first = tail.first, first & 0xC0 == 0x80 { tail.removeFirst() }
        let headText = String(decoding: head, as: UTF8.self), tailText = String(decoding: tail, as: UTF8.self)
        return "\(headText)… [\(size - head.count - tail.count) bytes cut] …\(tailText)"
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
