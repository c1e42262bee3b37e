/// How every configuration file words its schema problems, whichever checker finds them
/// (`SchemaNode` or `YAMLConfig`): a lab scientist fixing a panel and a statistician fixing a
/// study definition read the same sentences.
enum SchemaWording {
    static let text = "a text value"
    static let wholeNumber = "a whole number"
    static let number = "a number"
    static let trueOrFalse = "true or false"
    static let list = "a list"
    static let mapping = "a mapping"

    /// `expected a whole number, found 'two'`
    static func mismatch(expected: String, found: String) -> String {
        "expected \(expected), found \(found)"
    }

    /// `unknown key (expected one of: name, avisitn, …)`
    static func unknownKey(allowed: [String]) -> String {
        "unknown key (expected one of: \(allowed.joined(separator: ", ")))"
    }

    /// `required key 'target_day' is missing` (the key path names it too; said again because
    /// the path may end in a list index).
    static func missingKey(_ key: String) -> String {
        "required key '\(key)' is missing"
    }

    /// The wording for a Swift type a `Decodable` asked for.
    static func phrase(for type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: return number
        case is Int.Type: return wholeNumber
        case is Bool.Type: return trueOrFalse
        case is String.Type: return text
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return list }
            if name.hasPrefix("Dictionary") { return mapping }
            return "\(mapping) (\(name))"
        }
    }
}
