import Domain
import Foundation
import Readers

/// A study's sample manifest: which subject, visit and collection date each sample belongs to.
/// A CSV (or TSV, or semicolon) file with columns `sample`, `subject`, `visit` and `date`
/// (header names case-insensitive; `sample_id`, `subject_id`, `collection_date` also accepted).
public struct SampleManifest: Sendable {
    public struct Entry: Sendable, Hashable {
        public var sample: String
        public var subject: String
        public var visit: String
        /// ISO date, empty when the manifest leaves it blank.
        public var date: String = ""
        /// The manifest line it was read from.
        public var line: Int = 0
    }

    public let file: String
    private var entries: [String: Entry] = [:]
    /// Samples listed twice with different subject, visit or date: they link to nothing.
    private var conflicts: [String: (Int, Int)] = [:]
    /// Sample names without `.fcs` → the names as listed (two when `X` and `X.fcs` are both listed).
    private var stems: [String: [String]] = [:]

    public init(file: String = "", entries: [Entry]) {
        self.file = file
        for e in entries { _ = insert(e) }
    }

    public var count: Int { entries.count }

    /// Every subject the manifest names, sorted (the subjects a study expects samples from).
    public var subjects: [String] { Set(entries.values.map(\.subject)).filter { !$0.isEmpty }.sorted() }

    /// Inserts an entry; returns the line of an earlier, different entry for the same sample.
    private mutating func insert(_ e: Entry) -> (line: Int, same: Bool)? {
        let stem = Self.stem(e.sample)
        if !stems[stem, default: []].contains(e.sample) { stems[stem, default: []].append(e.sample) }
        if let c = conflicts[e.sample] { return (c.0, false) }
        if let old = entries[e.sample] {
            let same = old.subject == e.subject && old.visit == e.visit && old.date == e.date
            if !same {
                conflicts[e.sample] = (old.line, e.line)
                entries[e.sample] = nil
            }
            return (old.line, same)
        }
        entries[e.sample] = e
        return nil
    }

    public enum Lookup: Sendable, Hashable {
        case found(Entry)
        case conflicting(firstLine: Int, secondLine: Int)
        case absent
    }

    /// The entry for a sample name: exactly as written, else with a trailing `.fcs` removed from
    /// both sides (manifests often list `P001_D0` for `P001_D0.fcs`).
    public func lookup(_ sample: String) -> Lookup {
        if let found = exact(sample) { return found }
        let listed = stems[Self.stem(sample)] ?? []
        if listed.count > 1 {
            // Both `X` and `X.fcs` are listed: only an exact name can pick one.
            let lines = listed.compactMap { entries[$0]?.line ?? conflicts[$0]?.0 }.sorted()
            if lines.count >= 2 { return .conflicting(firstLine: lines[0], secondLine: lines[1]) }
        }
        if let only = listed.first, let found = exact(only) { return found }
        return .absent
    }

    private func exact(_ key: String) -> Lookup? {
        if let c = conflicts[key] { return .conflicting(firstLine: c.0, secondLine: c.1) }
        if let e = entries[key] { return .found(e) }
        return nil
    }

    static func stem(_ s: String) -> String {
        // An ASCII name's last four bytes, case-folded, say the same without lowercasing the
        // whole name (a copy per manifest row and per sample looked up).
        let u = s.utf8
        if u.allSatisfy({ $0 < 0x80 }) {
            guard u.count >= 4 else { return s }
            let tail = Array(u.suffix(4))
            // `| 0x20` lower-cases an ASCII letter (and only F, C, S give f, c, s).
            let isFCS =
                tail[0] == UInt8(ascii: ".") && tail[1] | 0x20 == UInt8(ascii: "f")
                && tail[2] | 0x20 == UInt8(ascii: "c") && tail[3] | 0x20 == UInt8(ascii: "s")
            return isFCS ? String(s.dropLast(4)) : s
        }
        return s.lowercased().hasSuffix(".fcs") ? String(s.dropLast(4)) : s
    }

    private static let synonyms: [String: [String]] = [
        "sample": ["sample", "sample_id", "sample id", "specimen", "specimen_id", "fcs file", "file"],
        "subject": ["subject", "subject_id", "subject id", "usubjid", "patient", "participant"],
        "visit": ["visit", "timepoint", "visit_name"],
        "date": ["date", "collection_date", "collection date", "sample_date"],
    ]

    /// Reads a manifest. Row problems (empty sample or subject, an invalid date, the same sample
    /// listed twice with different values) are returned as errors with line and column; a
    /// missing column rejects the file.
    public static func load(path: String, dateFormat: LinkageRule.DateFormat = .iso) throws -> (
        manifest: SampleManifest, diagnostics: [Diagnostic]
    ) {
        let reader = try DelimitedReader(path: path)
        let file = reader.displayName
        var diagnostics = reader.warnings
        var manifest = SampleManifest(file: file, entries: [])
        var columns: [String: Int]?
        try reader.forEachRecord { r in
            guard let cols = columns else {
                var index: [String: Int] = [:]
                for i in 0..<r.count {
                    let name = r.trimmed(i).lowercased()
                    if let key = synonyms.first(where: { $0.value.contains(name) })?.key, index[key] == nil { index[key] = i }
                }
                let missing = ["sample", "subject", "visit", "date"].filter { index[$0] == nil }
                if !missing.isEmpty {
                    throw FileRejected(
                        SourceLocation(file: file, line: r.line), code: "missing-column",
                        "manifest column\(missing.count > 1 ? "s" : "") missing: \(missing.joined(separator: ", "))")
                }
                columns = index
                return true
            }
            if r.isBlank { return true }
            func error(_ key: String, _ code: String, _ message: String) {
                diagnostics.append(.error(SourceLocation(file: file, line: r.line, column: cols[key]! + 1), code: code, message))
            }
            let sample = r.trimmed(cols["sample"]!)
            let subject = r.trimmed(cols["subject"]!)
            let visit = r.trimmed(cols["visit"]!)
            let dateText = r.trimmed(cols["date"]!)
            if sample.isEmpty {
                error("sample", "missing-sample", "sample is empty")
                return true
            }
            if subject.isEmpty {
                error("subject", "missing-subject", "subject of sample '\(sample)' is empty")
                return true
            }
            if visit.isEmpty {
                error("visit", "missing-visit", "visit of sample '\(sample)' is empty")
                return true
            }
            var date = ""
            if !dateText.isEmpty {
                guard let iso = dateFormat.isoDate(dateText) else {
                    error("date", "invalid-date", "date '\(dateText)' of sample '\(sample)' is not a valid \(dateFormat.rawValue) date")
                    return true
                }
                date = iso
            }
            let entry = Entry(sample: sample, subject: subject, visit: visit, date: date, line: r.line)
            if let clash = manifest.insert(entry) {
                if clash.same {
                    diagnostics.append(
                        .warning(
                            SourceLocation(file: file, line: r.line, column: cols["sample"]! + 1),
                            code: "duplicate-sample", "sample '\(sample)' repeats line \(clash.line) (same values)"))
                } else {
                    error(
                        "sample", "conflicting-sample",
                        "sample '\(sample)' is listed on line \(clash.line) and line \(r.line) with different subject, visit or date; it will not be linked"
                    )
                }
            }
            return true
        }
        if columns == nil { throw FileRejected(SourceLocation(file: file), code: "empty-file", "the manifest is empty: no header row") }
        return (manifest, diagnostics)
    }
}
