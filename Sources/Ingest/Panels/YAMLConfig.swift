import Foundation
import Domain
import Yams

/// Loads a configuration file (panel, linkage rule) written in YAML into a `Decodable` type, and
/// turns every problem into a `FileRejected` that names the file, the line and column, and the
/// key path (`populations[3].pattern`, indices 0-based) where it was found.
///
/// Yams' decoder knows the coding path of an error but not its line, so the document is composed
/// to a node tree first and the path is walked back to the node to find its mark.
enum YAMLConfig {
    static func load<T: Decodable>(_ type: T.Type, path: String, userInfo: [CodingUserInfoKey: Any] = [:]) throws -> T {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileRejected(SourceLocation(file: name), code: "unreadable-file", "cannot open the file for reading")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileRejected(SourceLocation(file: name), code: "invalid-utf8", "configuration files must be UTF-8")
        }
        return try decode(type, yaml: text, file: name, userInfo: userInfo)
    }

    static func decode<T: Decodable>(_ type: T.Type, yaml: String, file: String,
                                     userInfo: [CodingUserInfoKey: Any] = [:]) throws -> T {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw FileRejected(SourceLocation(file: file), code: "empty-file", "the file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw rejection(error, file: file)
        }
        do {
            return try YAMLDecoder().decode(type, from: root, userInfo: userInfo)
        } catch let error as DecodingError {
            throw rejection(error, root: root, file: file)
        }
    }

    // MARK: - Error translation

    private static func rejection(_ error: YamlError, file: String) -> FileRejected {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return FileRejected(SourceLocation(file: file, line: mark.line, column: mark.column),
                                code: "yaml-syntax", "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return FileRejected(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                                code: "yaml-duplicate-key",
                                "key\(duplicates.count > 1 ? "s" : "") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) written twice in the same mapping")
        default:
            return FileRejected(SourceLocation(file: file), code: "yaml-syntax", "YAML: \(error)")
        }
    }

    private static func rejection(_ error: DecodingError, root: Node, file: String) -> FileRejected {
        switch error {
        case .keyNotFound(let key, let context):
            let (node, _) = locate(context.codingPath, in: root)
            let path = keyPath(context.codingPath + [key])
            return FileRejected(location(node, file), code: "yaml-missing-key", "\(path): required key '\(key.stringValue)' is missing")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let (node, exact) = locate(context.codingPath, in: root)
            let path = keyPath(context.codingPath)
            let found = exact ? describe(node) : "nothing"
            return FileRejected(location(node, file), code: "yaml-invalid-value",
                                "\(path): expected \(expectation(type)), found \(found)")
        case .dataCorrupted(let context):
            let (node, _) = locate(context.codingPath, in: root)
            let code = (context.underlyingError as? ConfigProblem)?.code ?? "yaml-invalid-value"
            let path = keyPath(context.codingPath)
            return FileRejected(location(node, file), code: code,
                                path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)")
        @unknown default:
            return FileRejected(SourceLocation(file: file), code: "yaml-invalid-value", "\(error)")
        }
    }

    private static func location(_ node: Node, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// The node at `path`, or the deepest one that exists (with `exact` false).
    static func locate(_ path: [CodingKey], in root: Node) -> (Node, exact: Bool) {
        var node = root
        for key in path {
            if let i = key.intValue, let seq = node.sequence {
                guard i >= 0, i < seq.count else { return (node, false) }
                node = seq[i]
            } else if let map = node.mapping, let next = map[key.stringValue] {
                node = next
            } else {
                return (node, false)
            }
        }
        return (node, true)
    }

    /// `populations[3].pattern`
    static func keyPath(_ path: [CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue { out += "[\(i)]" }
            else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return out
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type: return "a whole number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a text value"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return "a mapping (\(name))"
        }
    }
}

/// A semantic problem found while decoding (an unknown population code, a bad regex), carried
/// through `DecodingError.dataCorrupted` so that it keeps its coding path and gets a line.
struct ConfigProblem: Error {
    var code: String
}

/// A coding key for any string, to list the keys a mapping really has.
struct AnyKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension KeyedDecodingContainer where K == AnyKey {
    /// Rejects keys the schema does not know: a misspelt `sufix:` must not be ignored silently.
    func rejectUnknownKeys(allowed: [String]) throws {
        for key in allKeys where !allowed.contains(key.stringValue) {
            throw fail(key, code: "yaml-unknown-key",
                       "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
        }
    }

    /// A semantic error at `key`, located by the loader.
    func fail(_ key: String, code: String, _ message: String) -> DecodingError {
        fail(AnyKey(key), code: code, message)
    }

    func fail(_ key: AnyKey, code: String, _ message: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: codingPath + [key], debugDescription: message,
                                          underlyingError: ConfigProblem(code: code)))
    }

    func string(_ key: String) throws -> String? { try decodeIfPresent(String.self, forKey: AnyKey(key)) }
    func double(_ key: String) throws -> Double? { try decodeIfPresent(Double.self, forKey: AnyKey(key)) }
    func has(_ key: String) -> Bool { contains(AnyKey(key)) }

    func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else {
            throw DecodingError.keyNotFound(AnyKey(key), .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return s
    }
}
