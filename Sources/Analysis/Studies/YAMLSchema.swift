import Yams

/// A problem in a study definition file, named by the key path that holds it
/// (`visits[3].window_low: expected integer, found 'two'`) and by file, line and column.
/// Sequence indices in paths are 0-based, as jq and JSON Schema validators print them.
public struct StudyDefinitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The key path, e.g. `visits[3].window_low`; empty for the document as a whole.
    public var path: String
    public var message: String

    public init(file: String, line: Int = 0, column: Int = 0, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `path: message`, the part tests and users read first.
    public var pathMessage: String { path.isEmpty ? message : "\(path): \(message)" }

    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return "\(place): \(pathMessage)"
    }
}

/// A YAML node together with its key path, with typed accessors that fail with the path.
/// A tiny schema validator: each accessor states the type it expects, `mapping(allowed:)` rejects
/// unknown keys (a misspelt `window_hi` must not silently fall back to a default).
struct SchemaNode {
    let node: Node
    let path: String
    let file: String

    func error(_ message: String) -> StudyDefinitionError {
        StudyDefinitionError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
                             path: path, message: message)
    }

    private var found: String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "an empty value" : "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Whether the node resolved to the YAML 1.1 core tag `name` (Yams keeps `Tag.name` internal).
    private func tagIs(_ name: String) -> Bool { node.tag.description == "tag:yaml.org,2002:" + name }

    private var isNull: Bool { tagIs("null") }

    func string() throws -> String {
        // Any scalar reads as text: a visit may well be named `12`.
        guard case .scalar(let s) = node, !isNull else {
            throw error("expected text, found \(found)")
        }
        return s.string
    }

    func nonEmptyString() throws -> String {
        let s = try string()
        if s.trimmingCharacters(in: .whitespaces).isEmpty { throw error("must not be empty") }
        return s
    }

    func int() throws -> Int {
        guard case .scalar = node, tagIs("int"), let v = node.int else {
            throw error("expected integer, found \(found)")
        }
        return v
    }

    func double() throws -> Double {
        guard case .scalar = node, tagIs("int") || tagIs("float"), let v = node.float, v.isFinite else {
            throw error("expected number, found \(found)")
        }
        return v
    }

    func bool() throws -> Bool {
        guard case .scalar = node, tagIs("bool"), let v = node.bool else {
            throw error("expected true or false, found \(found)")
        }
        return v
    }

    func oneOf(_ allowed: [String]) throws -> String {
        let s = try string()
        guard allowed.contains(s) else {
            throw error("'\(s)' is not one of \(allowed.joined(separator: ", "))")
        }
        return s
    }

    func sequence(nonEmpty: Bool = false) throws -> [SchemaNode] {
        guard case .sequence(let seq) = node else { throw error("expected a list, found \(found)") }
        if nonEmpty && seq.isEmpty { throw error("must list at least one entry") }
        return seq.enumerated().map { SchemaNode(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    func stringList(nonEmpty: Bool = false) throws -> [String] {
        let items = try sequence(nonEmpty: nonEmpty)
        var seen: [String: Int] = [:]
        return try items.enumerated().map { i, item in
            let s = try item.nonEmptyString()
            if let first = seen[s] { throw item.error("'\(s)' repeats \(path)[\(first)]") }
            seen[s] = i
            return s
        }
    }

    func mapping(allowed: [String]) throws -> SchemaMapping {
        guard case .mapping(let m) = node else { throw error("expected a mapping, found \(found)") }
        var entries: [(String, Node)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else { throw error("keys must be text") }
            let key = ks.string
            if !allowed.contains(key) {
                let kn = SchemaNode(node: k, path: childPath(key), file: file)
                throw kn.error("unknown key (allowed: \(allowed.joined(separator: ", ")))")
            }
            entries.append((key, v))
        }
        return SchemaMapping(owner: self, entries: entries)
    }

    /// A mapping whose keys are free (analyte codes) and whose values are numbers.
    func numberMap() throws -> [(String, Double)] {
        guard case .mapping(let m) = node else { throw error("expected a mapping, found \(found)") }
        return try m.map { k, v in
            guard case .scalar(let ks) = k else { throw error("keys must be text") }
            return (ks.string, try SchemaNode(node: v, path: childPath(ks.string), file: file).double())
        }
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

struct SchemaMapping {
    let owner: SchemaNode
    let entries: [(String, Node)]

    func optional(_ key: String) -> SchemaNode? {
        guard let n = entries.first(where: { $0.0 == key })?.1 else { return nil }
        if n.tag.description == "tag:yaml.org,2002:null" { return nil }
        return SchemaNode(node: n, path: owner.childPath(key), file: owner.file)
    }

    func required(_ key: String) throws -> SchemaNode {
        guard let n = optional(key) else {
            throw StudyDefinitionError(file: owner.file, line: owner.node.mark?.line ?? 0,
                                       column: owner.node.mark?.column ?? 0,
                                       path: owner.childPath(key), message: "required key is missing")
        }
        return n
    }
}
