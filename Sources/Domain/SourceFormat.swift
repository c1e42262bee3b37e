/// An input format a reader understands, with the version of the reader's code. The version is
/// recorded with every batch so reprocessing knows which values came from which parser.
public struct SourceFormat: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Stable identifier: `tidy-csv`, `flowjo-table`, `flowjo9-tsv`, `flowjo-wsp`, `xponent-csv`…
    public var id: String
    /// Bumped whenever the reader's output for the same bytes can change.
    public var parserVersion: String

    public init(id: String, parserVersion: String) {
        self.id = id
        self.parserVersion = parserVersion
    }

    public var description: String { "\(id) \(parserVersion)" }
}
