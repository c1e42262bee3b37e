import Domain
import Yams

/// A problem in a YAML configuration file (panel, linkage rule, study definition), named by file,
/// line and column and by the key path that holds it (`visits[3].window_low: expected a whole number,
/// found 'two'`). Sequence indices in paths are 0-based, as jq and JSON Schema validators print them.
///
/// Both ways of checking a file (`SchemaNode`'s typed accessors and `YAMLConfig`'s `Decodable`
/// decoding) end in this one error, so every configuration file reports its problems alike.
public struct YAMLSchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// File, line and column (line 0: the file as a whole).
    public var location: SourceLocation
    /// The key path, e.g. `visits[3].window_low`; empty for the document as a whole.
    public var path: String
    public var message: String
    /// The diagnostic code (`docs/diagnostics.md`) the problem is reported under.
    public var code: String

    public init(
        file: String, line: Int = 0, column: Int = 0, path: String, message: String,
        code: String = "yaml-invalid-value"
    ) {
        location = SourceLocation(file: file, line: line, column: column)
        self.path = path
        self.message = message
        self.code = code
    }

    /// A problem found at `node`, whose mark gives the line and column.
    init(at node: Node, file: String, path: String, message: String, code: String = "yaml-invalid-value") {
        self.init(
            file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
            path: path, message: message, code: code)
    }

    public var file: String { location.file }
    public var line: Int { location.line }
    public var column: Int { location.column }

    /// `path: message`, the part tests and users read first.
    public var pathMessage: String { path.isEmpty ? message : "\(path): \(message)" }

    /// `study.yaml:11:19: visits[3].window_low: …`
    public var description: String { "\(location): \(pathMessage)" }

    /// The same problem as a rejected file, the form the ingest pipeline reports inputs in.
    public var rejection: FileRejected { FileRejected(location, code: code, pathMessage) }
}

extension Node {
    /// What a message says was found instead of what the schema expects.
    var found: String {
        switch self {
        case .scalar(let s): return s.string.isEmpty ? "an empty value" : "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
