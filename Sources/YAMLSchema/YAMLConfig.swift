import Domain
import Foundation
import Yams

/// Loads a configuration file (panel, linkage rule) written in YAML into a `Decodable` type, and
/// turns every problem into a `FileRejected` that names the file, the line and column, and the
/// key path (`populations[3].pattern`, indices 0-based) where it was found.
///
/// Yams' decoder knows the coding path of an error but not its line, so the document is composed
/// to a node tree first (`YAMLText`, as `SchemaNode` does) and the path is walked back to the node
/// to find its mark.
public enum YAMLConfig {
    public static func load<T: Decodable>(
        _ type: T.Type, path: String,
        userInfo: [CodingUserInfoKey: Any] = [:]
    ) throws -> T {
        do {
            let (text, file) = try YAMLText.read(path: path)
            return try decode(type, yaml: text, file: file, userInfo: userInfo)
        } catch let error as YAMLSchemaError {
            throw error.rejection
        }
    }

    public static func decode<T: Decodable>(
        _ type: T.Type, yaml: String, file: String,
        userInfo: [CodingUserInfoKey: Any] = [:]
    ) throws -> T {
        let root: Node
        do {
            root = try YAMLText.compose(yaml, file: file)
        } catch let error as YAMLSchemaError {
            throw error.rejection
        }
        do {
            return try YAMLDecoder().decode(type, from: root, userInfo: userInfo)
        } catch let error as DecodingError {
            throw problem(error, root: root, file: file).rejection
        }
    }

    // MARK: - Error translation

    private static func problem(_ error: DecodingError, root: Node, file: String) -> YAMLSchemaError {
        switch error {
        case .keyNotFound(let key, let context):
            let (node, _) = locate(context.codingPath, in: root)
            return YAMLSchemaError(
                at: node, file: file, path: keyPath(context.codingPath + [key]),
                message: SchemaWording.missingKey(key.stringValue), code: "yaml-missing-key")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let (node, exact) = locate(context.codingPath, in: root)
            return YAMLSchemaError(
                at: node, file: file, path: keyPath(context.codingPath),
                message: SchemaWording.mismatch(
                    expected: SchemaWording.phrase(for: type),
                    found: exact ? node.found : "nothing"))
        case .dataCorrupted(let context):
            let (node, _) = locate(context.codingPath, in: root)
            return YAMLSchemaError(
                at: node, file: file, path: keyPath(context.codingPath),
                message: context.debugDescription,
                code: (context.underlyingError as? ConfigProblem)?.code ?? "yaml-invalid-value")
        @unknown default:
            return YAMLSchemaError(file: file, path: "", message: "\(error)")
        }
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
            if let i = key.intValue { out += "[\(i)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return out
    }
}

/// A semantic problem found while decoding (an unknown population code, a bad regex), carried
/// through `DecodingError.dataCorrupted` so that it keeps its coding path and gets a line.
public struct ConfigProblem: Error {
    public var code: String
    public init(code: String) { self.code = code }
}

/// A coding key for any string, to list the keys a mapping really has.
public struct AnyKey: CodingKey, Hashable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ s: String) { stringValue = s }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { return nil }
}

extension KeyedDecodingContainer where K == AnyKey {
    /// Rejects keys the schema does not know: a misspelt `sufix:` must not be ignored silently.
    public func rejectUnknownKeys(allowed: [String]) throws {
        for key in allKeys where !allowed.contains(key.stringValue) {
            throw fail(key, code: "yaml-unknown-key", SchemaWording.unknownKey(allowed: allowed))
        }
    }

    /// A semantic error at `key`, located by the loader.
    public func fail(_ key: String, code: String, _ message: String) -> DecodingError {
        fail(AnyKey(key), code: code, message)
    }

    public func fail(_ key: AnyKey, code: String, _ message: String) -> DecodingError {
        DecodingError.dataCorrupted(
            .init(
                codingPath: codingPath + [key], debugDescription: message,
                underlyingError: ConfigProblem(code: code)))
    }

    public func string(_ key: String) throws -> String? { try decodeIfPresent(String.self, forKey: AnyKey(key)) }
    public func double(_ key: String) throws -> Double? { try decodeIfPresent(Double.self, forKey: AnyKey(key)) }
    public func has(_ key: String) -> Bool { contains(AnyKey(key)) }

    public func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else {
            throw DecodingError.keyNotFound(AnyKey(key), .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return s
    }
}
