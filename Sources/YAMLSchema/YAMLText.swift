import Domain
import Foundation
import Yams

/// Reading a configuration file and composing it to a node tree, every failure located: both
/// ways of checking a file start here, so a syntax error reads the same in every kind of file.
enum YAMLText {
    /// The file's text and the name errors show for it (its last path component).
    static func read(path: String) throws -> (text: String, file: String) {
        let file = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw YAMLSchemaError(file: file, path: "", message: "cannot open the file for reading", code: "unreadable-file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw YAMLSchemaError(file: file, path: "", message: "configuration files must be UTF-8", code: "invalid-utf8")
        }
        return (text, file)
    }

    /// The document's root node. Composing first (rather than decoding straight from text) keeps
    /// every node's mark, so a problem found later still has its line and column.
    static func compose(_ yaml: String, file: String) throws -> Node {
        do {
            guard let root = try Yams.compose(yaml: yaml) else {
                throw YAMLSchemaError(file: file, path: "", message: "the file is empty", code: "empty-file")
            }
            return root
        } catch let error as YamlError {
            throw rejection(error, file: file)
        }
    }

    private static func rejection(_ error: YamlError, file: String) -> YAMLSchemaError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return YAMLSchemaError(
                file: file, line: mark.line, column: mark.column, path: "",
                message: "YAML syntax: \(problem)", code: "yaml-syntax")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return YAMLSchemaError(
                file: file, line: context.mark.line, column: context.mark.column, path: "",
                message:
                    "key\(duplicates.count > 1 ? "s" : "") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) written twice in the same mapping",
                code: "yaml-duplicate-key")
        default:
            return YAMLSchemaError(file: file, path: "", message: "YAML: \(error)", code: "yaml-syntax")
        }
    }
}
