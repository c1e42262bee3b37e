import Foundation

/// Which samples a study has, per subject × scheduled visit × assay: what a data manager chases.
public struct SampleCoverage: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// At least one stored value for the subject, visit and assay.
        case received
        /// Nothing stored, and no rejection names the sample.
        case missing
        /// Nothing stored, but an ingest error names this subject and visit: the sample was sent
        /// and rejected (fix the file and ingest it again).
        case rejected
    }

    public struct Cell: Sendable, Hashable {
        public var status: Status
        /// Stored values (received) or rejection messages (rejected).
        public var count: Int
        /// Where to look: source files of the values or of the rejections.
        public var files: [String]
        public init(status: Status, count: Int, files: [String]) {
            self.status = status
            self.count = count
            self.files = files
        }
    }

    public var subjects: [String]
    public var visits: [String]
    public var assays: [String]
    /// `cells[subject][visit][assay]`.
    public var cells: [String: [String: [String: Cell]]]
    /// Visit labels found in the data that match no scheduled visit, with their subjects.
    public var unscheduled: [String: Set<String>]

    public func cell(_ subject: String, _ visit: String, _ assay: String) -> Cell? { cells[subject]?[visit]?[assay] }

    public func count(_ status: Status) -> Int {
        cells.values.flatMap(\.values).flatMap(\.values).filter { $0.status == status }.count
    }
}

/// A stored sample as coverage sees it: one (subject, visit label, assay, source file).
public struct CoverageObservation: Sendable, Hashable {
    public var subject: String
    public var visit: String
    public var assay: String
    public var file: String
    public init(subject: String, visit: String, assay: String, file: String) {
        self.subject = subject
        self.visit = visit
        self.assay = assay
        self.file = file
    }
}

/// An ingest error (`error` diagnostic) as coverage sees it: its file, the assay of that file when
/// known (empty: any), and its text: the message and, where the file is text, the rejected line.
public struct CoverageRejection: Sendable, Hashable {
    public var file: String
    public var assay: String
    public var message: String
    public init(file: String, assay: String, message: String) {
        self.file = file
        self.assay = assay
        self.message = message
    }
}

public enum SampleCoverageBuilder {
    /// `visits`: the study definition's scheduled visits (name and AVISITN); `subjects`: every
    /// subject expected (the manifest's and the clinical data's, plus any with stored values).
    public static func build(
        visits: [(name: String, number: Double)], subjects: [String], assays: [String],
        observations: [CoverageObservation], rejections: [CoverageRejection]
    ) -> SampleCoverage {
        let visitNames = visits.map(\.name)
        var allSubjects = Set(subjects)
        var received: [String: [String: [String: (Int, Set<String>)]]] = [:]
        var unscheduled: [String: Set<String>] = [:]
        for o in observations where !o.subject.isEmpty {
            allSubjects.insert(o.subject)
            guard let v = VisitLabel.match(o.visit, visits: visits) else {
                if !o.visit.isEmpty { unscheduled[o.visit, default: []].insert(o.subject) }
                continue
            }
            var entry = received[o.subject]?[v]?[o.assay] ?? (0, [])
            entry.0 += 1
            entry.1.insert(o.file)
            received[o.subject, default: [:]][v, default: [:]][o.assay] = entry
        }
        let subjectList = allSubjects.sorted()
        var cells: [String: [String: [String: SampleCoverage.Cell]]] = [:]
        for s in subjectList {
            for v in visitNames {
                for a in assays {
                    let cell: SampleCoverage.Cell
                    if let r = received[s]?[v]?[a] {
                        cell = .init(status: .received, count: r.0, files: r.1.sorted())
                    } else {
                        let named = rejections.filter {
                            ($0.assay.isEmpty || $0.assay == a) && names($0.message, subject: s, visit: v, visits: visits)
                        }
                        cell =
                            named.isEmpty
                            ? .init(status: .missing, count: 0, files: [])
                            : .init(status: .rejected, count: named.count, files: Array(Set(named.map(\.file))).sorted())
                    }
                    cells[s, default: [:]][v, default: [:]][a] = cell
                }
            }
        }
        return SampleCoverage(subjects: subjectList, visits: visitNames, assays: assays, cells: cells, unscheduled: unscheduled)
    }

    /// Whether an error message names this subject at this visit: the subject ID as a whole token
    /// and a token that is a label of the visit (`W4`, `Week 4`, `BASELINE`…).
    static func names(_ message: String, subject: String, visit: String, visits: [(name: String, number: Double)]) -> Bool {
        guard message.contains(subject) else { return false }
        let tokens = message.split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init)
        guard tokens.contains(where: { $0 == subject || $0.hasPrefix(subject + "-") }) else { return false }
        // Sample names glue subject and visit (`PM01-001_W4`): split on `_` too.
        let parts = message.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return parts.contains { VisitLabel.match($0, visits: visits) == visit }
    }
}

/// Matching a visit label as collected (`BASELINE`, `W4`, `Week 4`, `V2`…) to a scheduled visit of
/// the study definition (`Baseline`, AVISITN 0; `Week 4`, AVISITN 4).
public enum VisitLabel {
    public static func match(_ label: String, visits: [(name: String, number: Double)]) -> String? {
        let key = normalize(label)
        guard !key.isEmpty else { return nil }
        if let v = visits.first(where: { normalize($0.name) == key }) { return v.name }
        // Week labels: W4, WK4, WEEK4 → the visit with AVISITN 4 whose name speaks of weeks (or
        // any visit with that number when names do not say).
        for prefix in ["WEEK", "WK", "W"] where key.hasPrefix(prefix) {
            if let n = Double(key.dropFirst(prefix.count)) {
                let candidates = visits.filter { $0.number == n }
                return (candidates.first { normalize($0.name).hasPrefix("WEEK") || normalize($0.name).hasPrefix("W") } ?? candidates.first)?
                    .name
            }
        }
        // Not `D1`: that is also a well name, and rejected plate lines hold wells.
        if key == "BASELINE" || key == "BL" || key == "DAY1" {
            return visits.first { $0.number == 0 }?.name
        }
        return nil
    }

    static func normalize(_ s: String) -> String {
        String(s.uppercased().filter { $0.isLetter || $0.isNumber })
    }
}
