import Domain

/// A file to read: where it is, and the name diagnostics should show.
public struct SourceFile: Sendable, Hashable {
    public var path: String
    public var displayName: String
    public init(path: String, displayName: String? = nil) {
        self.path = path
        self.displayName = displayName ?? String(path.split(separator: "/").last ?? Substring(path))
    }
    public func location(line: Int = 0, column: Int = 0) -> SourceLocation {
        SourceLocation(file: displayName, line: line, column: column)
    }
}

/// Where a reader sends what it finds. Calls arrive in file order on the reader's thread.
public protocol MeasurementSink: AnyObject {
    /// One value, handed over (a reader builds it for the sink: taking it rather than borrowing
    /// it saves a copy of its strings per value). Throwing stops the reader (the pipeline was
    /// cancelled).
    func accept(_ measurement: consuming Measurement) throws
    /// A row-level problem (error: the row was not emitted) or a warning.
    func report(_ diagnostic: Diagnostic)
    /// A side table (standard curves, plate QC).
    func attach(_ table: AuxiliaryTable)
}

extension MeasurementSink {
    public func attach(_ table: AuxiliaryTable) {}
}

/// One reader per instrument or program format (as allotropy does): it recognises its files
/// from their first bytes and streams their values. Readers know nothing of the store.
public protocol MeasurementReader: Sendable {
    var format: SourceFormat { get }
    /// Whether the file looks like this format.
    func recognizes(_ preview: SourcePreview) -> Bool
    /// Streams the file's values into `sink`. Throws `FileRejected` when the file as a whole
    /// cannot be read; row-level problems go to `sink.report` and reading continues.
    func read(_ file: SourceFile, into sink: MeasurementSink) throws
}

/// Collects everything a reader emits; for tests, `validate`, and small files.
public final class CollectingSink: MeasurementSink {
    public private(set) var measurements: [Measurement] = []
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var tables: [AuxiliaryTable] = []
    public init() {}
    public func accept(_ measurement: consuming Measurement) throws { measurements.append(measurement) }
    public func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
    public func attach(_ table: AuxiliaryTable) { tables.append(table) }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
