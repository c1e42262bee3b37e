import Domain
import Foundation

/// Where a sample's subject, visit and date came from.
public struct SampleLink: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case manifest(line: Int)
        case pattern
        /// Both agreed (and may have completed each other: a date from the name, say).
        case manifestAndPattern(line: Int)
        /// The file itself named subject and visit (tidy CSV) and the rule had nothing to add.
        case file
    }

    public var subject: String
    public var visit: String
    /// ISO date, empty when unknown.
    public var date: String
    public var source: Source
}

/// A sample that could not be linked, with its measurements (kept, not dropped) and the reason.
public struct UnlinkedSample: Sendable {
    public var sample: String
    public var reason: String
    public var measurements: [Domain.Measurement]
}

/// Links samples to subject, visit and collection date by a study's `LinkageRule`.
///
/// The manifest is looked up first, then the pattern is matched; when both answer they must agree
/// on every field both give (a field only one gives is taken from it). A sample neither knows,
/// one the manifest lists twice with different values, a pattern date that is not a date, or a
/// disagreement, is *unknown*: it is returned with the reason, never guessed or dropped.
/// Measurements whose file already named subject and visit keep them; the rule may add a missing
/// date, and a rule that disagrees with the file makes the sample unknown.
public struct SampleLinker: Sendable {
    public let rule: LinkageRule
    public let manifest: SampleManifest?

    public init(rule: LinkageRule, manifest: SampleManifest? = nil) {
        self.rule = rule
        self.manifest = manifest
    }

    /// Builds a linker, loading the rule's manifest (whose row problems are returned).
    public static func load(rule: LinkageRule) throws -> (linker: SampleLinker, diagnostics: [Diagnostic]) {
        guard let path = rule.manifest else { return (SampleLinker(rule: rule), []) }
        let (manifest, diagnostics) = try SampleManifest.load(path: path, dateFormat: rule.dateFormat)
        return (SampleLinker(rule: rule, manifest: manifest), diagnostics)
    }

    public enum Result: Sendable, Hashable {
        case linked(SampleLink)
        case unknown(reason: String)
    }

    /// Links one sample; `file` is the name of the file it was read from (for `match_against: file`).
    public func link(sample: String, file: String) -> Result {
        var fromManifest: SampleManifest.Entry?
        if let manifest {
            switch manifest.lookup(sample) {
            case .found(let e): fromManifest = e
            case .conflicting(let a, let b):
                return .unknown(
                    reason:
                        "sample '\(sample)' is listed twice in \(manifest.file) (lines \(a) and \(b)) with different subject, visit or date"
                )
            case .absent: break
            }
        }
        var fromPattern: [String: String]?
        if let pattern = rule.pattern {
            let text = rule.matchAgainst == .sample ? sample : file
            switch match(pattern, text) {
            case .success(let groups): fromPattern = groups
            case .failure(let reason):
                if fromManifest == nil { return .unknown(reason: reason(sample)) }
            }
        }
        switch (fromManifest, fromPattern) {
        case (nil, nil):
            return .unknown(reason: "sample '\(sample)' is not in the manifest\(manifest.map { " \($0.file)" } ?? "")")
        case (let e?, nil):
            return .linked(SampleLink(subject: e.subject, visit: e.visit, date: e.date, source: .manifest(line: e.line)))
        case (nil, let g?):
            return .linked(SampleLink(subject: g["subject"] ?? "", visit: g["visit"] ?? "", date: g["date"] ?? "", source: .pattern))
        case (let e?, let g?):
            let fromList = ["subject": e.subject, "visit": e.visit, "date": e.date]
            var merged: [String: String] = [:]
            for key in LinkageRule.groupNames {
                let a = fromList[key] ?? "", b = g[key] ?? ""
                if !a.isEmpty, !b.isEmpty, a != b {
                    return .unknown(
                        reason:
                            "sample '\(sample)': manifest line \(e.line) says \(key) '\(a)' but the \(rule.matchAgainst == .sample ? "sample" : "file") name says '\(b)'"
                    )
                }
                merged[key] = a.isEmpty ? b : a
            }
            return .linked(
                SampleLink(
                    subject: merged["subject"]!, visit: merged["visit"]!, date: merged["date"]!,
                    source: .manifestAndPattern(line: e.line)))
        }
    }

    private enum PatternOutcome {
        case success([String: String])
        case failure((String) -> String)
    }

    private func match(_ pattern: GatePattern, _ text: String) -> PatternOutcome {
        let range = NSRange(text.startIndex..., in: text)
        guard let m = pattern.regex.firstMatch(in: text, range: range) else {
            let what = rule.matchAgainst == .sample ? "its name" : "the file name '\(text)'"
            let listed = manifest.map { " is not in the manifest \($0.file) and" } ?? ":"
            return .failure { sample in "sample '\(sample)'\(listed) \(what) does not match the pattern '\(pattern.source)'" }
        }
        var groups: [String: String] = [:]
        for name in LinkageRule.groupNames {
            let r = m.range(withName: name)
            guard r.location != NSNotFound, let sr = Range(r, in: text) else { continue }
            let value = String(text[sr])
            if value.isEmpty { continue }
            groups[name] = value
        }
        if let raw = groups["date"] {
            guard let iso = rule.dateFormat.isoDate(raw) else {
                let format = rule.dateFormat
                return .failure { sample in "sample '\(sample)': '\(raw)' in its name is not a valid \(format.rawValue) date" }
            }
            groups["date"] = iso
        }
        return .success(groups)
    }

    /// Links every measurement of a file, grouped by sample. Returns the linked measurements (with
    /// subject, visit and date filled), the unknown samples with their measurements and reason,
    /// and one error per unknown sample located at its first row in `file`.
    public func apply(_ ms: [Domain.Measurement], file: String) -> LinkageOutcome {
        var linked = ms
        let (unlinked, diagnostics) = applyInPlace(&linked, file: file)
        return LinkageOutcome(linked: linked, unlinked: unlinked, diagnostics: diagnostics)
    }

    /// `apply` on the values where they lie: linked values are filled in place and stay in `ms`
    /// (in order); the others move to `unlinked`, unchanged, as `apply` returns them.
    func applyInPlace(_ ms: inout [Domain.Measurement], file: String) -> (unlinked: [UnlinkedSample], diagnostics: [Diagnostic]) {
        var results: [String: Result] = [:]
        var outcome = LinkageOutcome()
        var unlinkedIndex: [String: Int] = [:]
        var keep: [Bool]?
        // A sample's values arrive together: the link is looked up once per run of one sample.
        var start = 0
        while start < ms.count {
            var end = start + 1
            while end < ms.count && ms[end].sample == ms[start].sample { end += 1 }
            let result: Result
            if let r = results[ms[start].sample] {
                result = r
            } else {
                result = link(sample: ms[start].sample, file: file)
                results[ms[start].sample] = result
            }
            for i in start..<end {
                var reason: String?
                switch result {
                case .linked(let link):
                    reason = Self.fill(&ms[i], link)
                case .unknown(let why):
                    if ms[i].subject.isEmpty || ms[i].visit.isEmpty { reason = why }
                }
                guard let reason else { continue }
                if keep == nil { keep = Array(repeating: true, count: ms.count) }
                keep![i] = false
                let m = ms[i]
                if let u = unlinkedIndex[m.sample] {
                    outcome.unlinked[u].measurements.append(m)
                } else {
                    unlinkedIndex[m.sample] = outcome.unlinked.count
                    outcome.unlinked.append(UnlinkedSample(sample: m.sample, reason: reason, measurements: [m]))
                    outcome.diagnostics.append(
                        .warning(
                            SourceLocation(file: file, line: m.sourceLine, column: m.sourceColumn),
                            code: "unknown-sample", reason))
                }
            }
            start = end
        }
        if let keep {
            var kept = 0
            for i in ms.indices where keep[i] {
                if kept != i { ms.swapAt(kept, i) }
                kept += 1
            }
            ms.removeLast(ms.count - kept)
        }
        return (outcome.unlinked, outcome.diagnostics)
    }

    /// Fills the fields the file left empty from `link`; when it cannot complete `m` (the file
    /// already says something else, or subject or visit would stay empty) leaves `m` as it is and
    /// says why. In place, in one access: passing the row by value copied its fifteen strings.
    private static func fill(_ m: inout Domain.Measurement, _ link: SampleLink) -> String? {
        func disagreement(_ have: String, _ want: String, _ name: String) -> String? {
            guard !have.isEmpty, !want.isEmpty, have != want else { return nil }
            return "sample '\(m.sample)': the file says \(name) '\(have)' but the linkage rule says '\(want)'"
        }
        if let d = disagreement(m.subject, link.subject, "subject") ?? disagreement(m.visit, link.visit, "visit")
            ?? disagreement(m.collectionDate, link.date, "date")
        {
            return d
        }
        let subjectEmpty = m.subject.isEmpty && link.subject.isEmpty
        if subjectEmpty || (m.visit.isEmpty && link.visit.isEmpty) {
            return "sample '\(m.sample)': the linkage rule gives no \(subjectEmpty ? "subject" : "visit")"
        }
        if m.subject.isEmpty { m.subject = link.subject }
        if m.visit.isEmpty { m.visit = link.visit }
        if m.collectionDate.isEmpty { m.collectionDate = link.date }
        return nil
    }
}

/// What linkage made of a file's measurements.
public struct LinkageOutcome: Sendable {
    public var linked: [Domain.Measurement] = []
    public var unlinked: [UnlinkedSample] = []
    public var diagnostics: [Diagnostic] = []
}
