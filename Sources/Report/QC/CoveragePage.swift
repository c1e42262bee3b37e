import Analysis
import Domain
import Foundation
import Store

/// The sample-coverage matrix of a study (the portal's `/studies/{study}/coverage`): subject ×
/// scheduled visit × assay, received / missing / rejected, plus the files with rejections and the
/// visit labels that match no scheduled visit: the list a data manager chases.
public enum CoveragePage {
    public static let assays = ["cytometry", "cytokine"]

    /// A source file with rejected rows, or rejected whole.
    public struct RejectedSource: Sendable, Hashable {
        public var batch: Int64
        public var name: String
        public var rowsRejected: Int64
        public var reason: String
    }

    /// Reads the store and builds the matrix. `expectedSubjects`: subjects the study expects
    /// besides those with stored values (e.g. the manifest's); subjects with clinical data only
    /// count as expected too.
    public static func coverage(store: StudyStore, study: StudyDefinition, expectedSubjects: [String] = [])
        throws -> (SampleCoverage, [RejectedSource], unlinked: Int)
    {
        let generation = try store.catalog.currentGeneration()
        var observations = Set<CoverageObservation>()
        var rejections: [CoverageRejection] = []
        var unlinked = 0
        var rejected: [RejectedSource] = []
        for b in try store.catalog.batches(generation: generation) {
            let sources = try store.catalog.sources(batch: b.id)
            for s in sources where s.rowsRejected > 0 || !s.rejectedReason.isEmpty {
                rejected.append(.init(batch: b.id, name: s.name, rowsRejected: s.rowsRejected, reason: s.rejectedReason))
            }
            guard let path = store.segmentPath(b) else { continue }
            let seg = try SegmentReader(path: path)
            defer { try? seg.close() }
            let file = "batch \(b.id)"
            let n = try seg.rowCount
            var start = 0
            while start < n {
                for m in try seg.measurements(start..<min(n, start + 65536)) where !m.isQCMaterial {
                    if m.subject.isEmpty {
                        if m.assay != .clinical { unlinked += 1 }
                        continue
                    }
                    observations.insert(CoverageObservation(subject: m.subject, visit: m.visit, assay: m.assay.rawValue, file: file))
                }
                start += 65536
            }
            if let t = try seg.table("diagnostics") {
                let c = Columns(t)
                let byName = Dictionary(sources.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
                var lines = RawLines(store: store)
                for i in 0..<t.rowCount where c.text("severity", i) == "error" {
                    let name = c.text("file", i)
                    // An error message names the column, rarely the sample: the rejected line of the
                    // archived file does (`PM01-001,W2,…`, `PM01-001_W2_….fcs,…`).
                    let line = Int(c.number("line", i).isFinite ? c.number("line", i) : 0)
                    let text = byName[name].flatMap { lines.line(line, of: $0) } ?? ""
                    // A long (tidy) file says its assay on each line.
                    var a = assay(ofFormat: byName[name]?.format ?? "")
                    if a.isEmpty {
                        let tokens = Set(text.split { !($0.isLetter || $0.isNumber) }.map { $0.lowercased() })
                        a = assays.first { tokens.contains($0) } ?? ""
                    }
                    rejections.append(
                        .init(
                            file: "\(name) (batch \(b.id))", assay: a,
                            message: c.text("message", i) + (text.isEmpty ? "" : "\n" + text)))
                }
            }
        }
        // Clinical-only subjects are expected to have samples too; their clinical rows are not a sample.
        let clinicalSubjects = observations.filter { $0.assay == Assay.clinical.rawValue }.map(\.subject)
        let coverage = SampleCoverageBuilder.build(
            visits: study.visits.map { ($0.name, Double($0.number)) },
            subjects: expectedSubjects + clinicalSubjects, assays: assays,
            observations: observations.filter { $0.assay != Assay.clinical.rawValue },
            rejections: rejections)
        return (coverage, rejected.sorted { ($0.batch, $0.name) < ($1.batch, $1.name) }, unlinked)
    }

    /// The assay a reader's format id stands for (empty when unknown: a rejection then counts for any assay).
    static func assay(ofFormat format: String) -> String {
        let f = format.lowercased()
        if ["flowjo", "fcs", "cytometry", "wsp"].contains(where: f.contains) { return Assay.cytometry.rawValue }
        if ["xponent", "bioplex", "bio-plex", "msd", "meso", "plate", "luminex", "cytokine"].contains(where: f.contains) {
            return Assay.cytokine.rawValue
        }
        return ""
    }

    public static func html(store: StudyStore, study: StudyDefinition, expectedSubjects: [String] = []) throws -> String {
        let (coverage, rejected, unlinked) = try coverage(store: store, study: study, expectedSubjects: expectedSubjects)
        return render(study: study.studyID, coverage: coverage, rejected: rejected, unlinked: unlinked)
    }

    public static func render(study: String, coverage c: SampleCoverage, rejected: [RejectedSource] = [], unlinked: Int = 0) -> String {
        var body = HTML.facts([
            ("Study", study), ("Subjects", String(c.subjects.count)), ("Scheduled visits", c.visits.joined(separator: ", ")),
            ("Assays", c.assays.joined(separator: ", ")),
        ])
        body +=
            "<p>" + QCPageShell.badge("\(c.count(.received)) received", "ok") + " "
            + QCPageShell.badge("\(c.count(.missing)) missing", c.count(.missing) == 0 ? "ok" : "fail") + " "
            + QCPageShell.badge("\(c.count(.rejected)) rejected", c.count(.rejected) == 0 ? "ok" : "warn") + "</p>"
        body += "<p>A cell is <b>received</b> (R) when a value of that assay is stored for the subject at that visit, "
        body += "<b>rejected</b> (X) when nothing is stored but an ingest error names the subject and visit, <b>missing</b> (–) otherwise. "
        body +=
            "Visits are the study definition's; collected labels are matched by name or week number (W4 = Week 4, BASELINE = the AVISITN 0 visit).</p>"
        var t = "<table class=\"data matrix coverage\"><thead><tr><th rowspan=\"2\" class=\"subject\">subject</th>"
        for v in c.visits { t += "<th colspan=\"\(c.assays.count)\">\(HTML.text(v))</th>" }
        t += "</tr><tr>"
        for _ in c.visits { for a in c.assays { t += "<th>\(HTML.text(a == "cytometry" ? "flow" : a))</th>" } }
        t += "</tr></thead><tbody>"
        for s in c.subjects {
            t += "<tr><th class=\"subject\">\(HTML.text(s))</th>"
            for v in c.visits {
                for a in c.assays {
                    let cell = c.cell(s, v, a) ?? .init(status: .missing, count: 0, files: [])
                    let mark = cell.status == .received ? "R" : cell.status == .rejected ? "X" : "–"
                    let tip =
                        "\(s) · \(v) · \(a): \(cell.status.rawValue)"
                        + (cell.files.isEmpty ? "" : " (\(cell.files.joined(separator: ", ")))")
                    t +=
                        "<td class=\"\(cell.status.rawValue)\" title=\"\(HTML.text(tip))\" data-subject=\"\(HTML.text(s))\" data-visit=\"\(HTML.text(v))\" data-assay=\"\(a)\">\(mark)</td>"
                }
            }
            t += "</tr>"
        }
        body += "<section id=\"matrix\"><h2>Coverage matrix</h2>" + t + "</tbody></table></section>\n"
        var chase: [[String]] = []
        for s in c.subjects {
            for v in c.visits {
                for a in c.assays {
                    if let cell = c.cell(s, v, a), cell.status != .received {
                        chase.append([
                            HTML.text(s), HTML.text(v), HTML.text(a), HTML.text(cell.status.rawValue),
                            HTML.text(cell.files.joined(separator: ", ")),
                        ])
                    }
                }
            }
        }
        body += "<section id=\"chase\"><h2>To chase</h2>"
        body += HTML.table(
            header: ["subject", "visit", "assay", "status", "rejected in"], rows: chase,
            rowClass: { chase[$0][3] == "rejected" ? "warn" : "fail" }, className: "data chase")
        body += "</section>\n<section id=\"rejections\"><h2>Files with rejections</h2>"
        body += HTML.table(
            header: ["batch", "file", "rows rejected", "file rejected because"],
            rows: rejected.map { [String($0.batch), HTML.text($0.name), String($0.rowsRejected), HTML.text($0.reason)] },
            numericColumns: [2], className: "data rejected-files")
        if unlinked > 0 {
            body +=
                "<p>\(unlinked) stored value\(unlinked == 1 ? " has" : "s have") no subject (sample not linked by the manifest): check the manifest.</p>"
        }
        if !c.unscheduled.isEmpty {
            body += "<h3>Visit labels matching no scheduled visit</h3>"
            body += HTML.table(
                header: ["label", "subjects"],
                rows: c.unscheduled.keys.sorted().map {
                    [HTML.text($0), HTML.text(c.unscheduled[$0]!.sorted().joined(separator: ", "))]
                }, className: "data unscheduled")
        }
        body += "</section>"
        return QCPageShell.page(
            title: "\(study) sample coverage", heading: "Sample coverage · \(study)",
            lead: "Subject × visit × assay: what was received, what is missing, what was rejected.", body: body)
    }
}

/// Lines of archived source files, read once per file: only text files (no NUL in the first
/// 4 KiB) of at most 64 MiB, since a workbook's "line" is a row of a sheet, not of its bytes.
struct RawLines {
    let store: StudyStore
    private var cache: [String: [Substring]] = [:]
    static let maxBytes: Int64 = 64 << 20

    init(store: StudyStore) { self.store = store }

    mutating func line(_ number: Int, of source: SourceInfo) -> String? {
        guard number >= 1 else { return nil }
        if cache[source.sha256] == nil {
            var lines: [Substring] = []
            if source.size <= Self.maxBytes, let data = FileManager.default.contents(atPath: store.archive.path(for: source.sha256)),
                !data.prefix(4096).contains(0)
            {
                let text = String(decoding: data, as: UTF8.self)
                lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            }
            cache[source.sha256] = lines
        }
        let lines = cache[source.sha256]!
        return number <= lines.count ? String(lines[number - 1]) : nil
    }
}
