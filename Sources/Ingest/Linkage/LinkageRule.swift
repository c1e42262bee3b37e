import Domain
import Foundation
import Readers
import YAMLSchema

/// How a study links each sample to its subject, visit and collection date: a sample manifest,
/// a regular expression over the sample (or file) name, or both. Declared per study in YAML:
///
/// ```yaml
/// manifest: samples.csv          # columns sample, subject, visit, date
/// pattern: '^(?<subject>IL2-\d{3})_(?<visit>D\d+|W\d+)_(?<date>\d{8})'
/// match_against: sample          # or file: the name of the exported file
/// date_format: yyyymmdd          # iso (default), yyyymmdd, day_first, month_first
/// ```
///
/// The pattern's named groups may be `subject`, `visit` and `date`; without a manifest it must
/// have at least `subject` and `visit`. A relative manifest path is resolved against the folder of
/// the file the rule was loaded from.
public struct LinkageRule: Sendable, Hashable {
    public enum Target: String, Sendable, Hashable, CaseIterable { case sample, file }

    public enum DateFormat: String, Sendable, Hashable, CaseIterable {
        case iso
        case yyyymmdd
        case dayFirst = "day_first"
        case monthFirst = "month_first"

        /// The ISO date, or nil when the text is not a valid date in this format.
        public func isoDate(_ text: String) -> String? {
            switch self {
            case .iso: return DateParsing.isoDate(text)
            case .dayFirst: return DateParsing.dayFirst(text)
            case .monthFirst: return DateParsing.monthFirst(text)
            case .yyyymmdd:
                guard text.count == 8, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
                let s = Array(text)
                return DateParsing.isoDate("\(String(s[0..<4]))-\(String(s[4..<6]))-\(String(s[6..<8]))")
            }
        }
    }

    public static let groupNames = ["subject", "visit", "date"]

    public var manifest: String?
    public var pattern: GatePattern?
    public var matchAgainst: Target
    public var dateFormat: DateFormat

    public init(
        manifest: String? = nil, pattern: GatePattern? = nil, matchAgainst: Target = .sample,
        dateFormat: DateFormat = .iso
    ) {
        self.manifest = manifest
        self.pattern = pattern
        self.matchAgainst = matchAgainst
        self.dateFormat = dateFormat
    }

    /// Loads a rule from its own YAML file (resolving a relative manifest path next to it).
    public static func load(path: String) throws -> LinkageRule {
        var rule = try YAMLConfig.load(LinkageRule.self, path: path)
        if let m = rule.manifest, !m.hasPrefix("/") {
            rule.manifest = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(m)
        }
        return rule
    }

    public static func parse(yaml: String, file: String = "linkage.yaml") throws -> LinkageRule {
        try YAMLConfig.decode(LinkageRule.self, yaml: yaml, file: file)
    }

    /// The named groups a pattern declares, in order of appearance.
    static func namedGroups(in pattern: String) -> [String] {
        var names: [String] = []
        var rest = Substring(pattern)
        while let r = rest.range(of: "(?<") {
            let after = rest[r.upperBound...]
            // (?<= and (?<! are look-behinds, not names.
            if let first = after.first, first != "=", first != "!", let close = after.firstIndex(of: ">") {
                names.append(String(after[..<close]))
            }
            rest = after
        }
        return names
    }
}

extension LinkageRule: Decodable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try c.rejectUnknownKeys(allowed: ["manifest", "pattern", "match_against", "date_format"])
        manifest = try c.string("manifest")
        if let text = try c.string("pattern") {
            do { pattern = try GatePattern(text) } catch {
                throw c.fail("pattern", code: "invalid-regex", "'\(text)' is not a valid regular expression")
            }
            let groups = Self.namedGroups(in: text)
            if let unknown = groups.first(where: { !Self.groupNames.contains($0) }) {
                throw c.fail(
                    "pattern", code: "unknown-group",
                    "named group '\(unknown)' is not one of subject, visit, date")
            }
            if manifest == nil, let missing = ["subject", "visit"].first(where: { !groups.contains($0) }) {
                throw c.fail(
                    "pattern", code: "missing-group",
                    "without a manifest the pattern needs a (?<\(missing)>…) group")
            }
        } else {
            pattern = nil
        }
        if manifest == nil && pattern == nil {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: c.codingPath,
                    debugDescription: "a linkage rule needs a manifest, a pattern, or both",
                    underlyingError: ConfigProblem(code: "yaml-missing-key")))
        }
        let target = try c.string("match_against") ?? "sample"
        guard let t = Target(rawValue: target) else {
            throw c.fail("match_against", code: "yaml-invalid-value", "'\(target)' is not sample or file")
        }
        matchAgainst = t
        let format = try c.string("date_format") ?? "iso"
        guard let f = DateFormat(rawValue: format) else {
            throw c.fail(
                "date_format", code: "yaml-invalid-value",
                "'\(format)' is not one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        dateFormat = f
    }
}
