import Foundation
import Yams

/// A YAML node together with its key path, with typed accessors that fail with the path.
/// A tiny schema validator: each accessor states the type it expects, `mapping(allowed:)` rejects
/// unknown keys (a misspelt `window_hi` must not silently fall back to a default).
public struct SchemaNode {
    let node: Node
    /// The key path of this node, e.g. `visits[3].window_low`; empty for the document.
    public let path: String
    /// The file name errors show.
    public let file: String

    init(node: Node, path: String, file: String) {
        self.node = node
        self.path = path
        self.file = file
    }

    /// The document in `yaml` (held in memory; `file` is the name errors show).
    public static func document(_ yaml: String, file: String) throws -> SchemaNode {
        SchemaNode(node: try YAMLText.compose(yaml, file: file), path: "", file: file)
    }

    /// The document in the file at `path`.
    public static func document(path: String) throws -> SchemaNode {
        let (text, file) = try YAMLText.read(path: path)
        return try document(text, file: file)
    }

    /// A problem at this node: its line, column and key path.
    public func error(_ message: String, code: String = "yaml-invalid-value") -> YAMLSchemaError {
        YAMLSchemaError(at: node, file: file, path: path, message: message, code: code)
    }

    private func mismatch(_ expected: String) -> YAMLSchemaError {
        error(SchemaWording.mismatch(expected: expected, found: node.found))
    }

    /// Whether the node resolved to the YAML 1.1 core tag `name` (Yams keeps `Tag.name` internal).
    private func tagIs(_ name: String) -> Bool { node.tag.description == "tag:yaml.org,2002:" + name }

    fileprivate var isNull: Bool { tagIs("null") }

    public func string() throws -> String {
        // Any scalar reads as text: a visit may well be named `12`.
        guard case .scalar(let s) = node, !isNull else { throw mismatch(SchemaWording.text) }
        return s.string
    }

    public func nonEmptyString() throws -> String {
        let s = try string()
        if s.trimmingCharacters(in: .whitespaces).isEmpty { throw error("must not be empty") }
        return s
    }

    public func int() throws -> Int {
        guard case .scalar = node, tagIs("int"), let v = node.int else { throw mismatch(SchemaWording.wholeNumber) }
        return v
    }

    public func double() throws -> Double {
        guard case .scalar = node, tagIs("int") || tagIs("float"), let v = node.float, v.isFinite else {
            throw mismatch(SchemaWording.number)
        }
        return v
    }

    public func bool() throws -> Bool {
        guard case .scalar = node, tagIs("bool"), let v = node.bool else { throw mismatch(SchemaWording.trueOrFalse) }
        return v
    }

    public func oneOf(_ allowed: [String]) throws -> String {
        let s = try string()
        guard allowed.contains(s) else {
            throw error("'\(s)' is not one of \(allowed.joined(separator: ", "))")
        }
        return s
    }

    public func sequence(nonEmpty: Bool = false) throws -> [SchemaNode] {
        guard case .sequence(let seq) = node else { throw mismatch(SchemaWording.list) }
        if nonEmpty && seq.isEmpty { throw error("must list at least one entry") }
        return seq.enumerated().map { SchemaNode(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    public func stringList(nonEmpty: Bool = false) throws -> [String] {
        let items = try sequence(nonEmpty: nonEmpty)
        var seen: [String: Int] = [:]
        return try items.enumerated().map { i, item in
            let s = try item.nonEmptyString()
            if let first = seen[s] { throw item.error("'\(s)' repeats \(path)[\(first)]") }
            seen[s] = i
            return s
        }
    }

    public func mapping(allowed: [String]) throws -> SchemaMapping {
        guard case .mapping(let m) = node else { throw mismatch(SchemaWording.mapping) }
        var entries: [(String, Node)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else { throw error("keys must be text") }
            let key = ks.string
            if !allowed.contains(key) {
                let kn = SchemaNode(node: k, path: childPath(key), file: file)
                throw kn.error(SchemaWording.unknownKey(allowed: allowed), code: "yaml-unknown-key")
            }
            entries.append((key, v))
        }
        return SchemaMapping(owner: self, entries: entries)
    }

    /// A mapping whose keys are free (analyte codes) and whose values are numbers.
    public func numberMap() throws -> [(String, Double)] {
        guard case .mapping(let m) = node else { throw mismatch(SchemaWording.mapping) }
        return try m.map { k, v in
            guard case .scalar(let ks) = k else { throw error("keys must be text") }
            return (ks.string, try SchemaNode(node: v, path: childPath(ks.string), file: file).double())
        }
    }

    /// The key path of `key` inside this node.
    public func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// The checked keys of a mapping node.
public struct SchemaMapping {
    let owner: SchemaNode
    let entries: [(String, Node)]

    /// The value at `key`, or nil when the key is absent or its value is null.
    public func optional(_ key: String) -> SchemaNode? {
        guard let n = entries.first(where: { $0.0 == key })?.1 else { return nil }
        let child = SchemaNode(node: n, path: owner.childPath(key), file: owner.file)
        return child.isNull ? nil : child
    }

    public func required(_ key: String) throws -> SchemaNode {
        guard let n = optional(key) else {
            throw YAMLSchemaError(
                at: owner.node, file: owner.file, path: owner.childPath(key),
                message: SchemaWording.missingKey(key), code: "yaml-missing-key")
        }
        return n
    }
}
