import Domain

/// What a clinical-data reader returns: the records it could read and the problems it found.
/// Row problems (`error`) name file, line and column, and that row is not in `records`.
public struct ClinicalReadResult<Record: Sendable>: Sendable {
    public var records: [Record]
    public var diagnostics: [Diagnostic]
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Shared machinery of the clinical-data readers: open a delimited file with `DelimitedReader`,
/// resolve the header row against named columns and their synonyms (case-insensitive; spaces
/// and dashes read as underscores), then hand each non-blank row to a parser.
struct ClinicalTable {
    struct ColumnSpec {
        var key: String
        var synonyms: [String]
        var required: Bool
    }

    /// Column positions by key, resolved from the header.
    struct Header {
        var names: [String: String]
        var width: Int
        /// The keys found and their columns, as two arrays looked through in order: a reader
        /// asks for three or four keys per row, and comparing a few short keys is cheaper than
        /// hashing one (a 10 M-row report's first-dose file was read on one core before anything
        /// else could start).
        private let keys: [String], positions: [Int]

        init(index: [String: Int], names: [String: String], width: Int) {
            self.names = names
            self.width = width
            keys = Array(index.keys)
            positions = keys.map { index[$0]! }
        }

        func callAsFunction(_ key: String) -> Int? {
            for i in keys.indices where keys[i] == key { return positions[i] }
            return nil
        }
    }

    /// One data row plus the means to report a problem in it.
    struct Row {
        let record: DelimitedRecord
        let header: Header
        let file: SourceFile
        let decimalComma: Bool
        fileprivate(set) var diagnostics: [Diagnostic] = []

        var line: Int { record.line }

        func text(_ key: String) -> String {
            guard let i = header(key) else { return "" }
            return record.trimmed(i)
        }

        func location(_ key: String) -> SourceLocation {
            file.location(line: record.line, column: (header(key) ?? -1) + 1)
        }

        mutating func error(_ key: String, _ code: String, _ message: String) {
            diagnostics.append(.error(location(key), code: code, message))
        }

        mutating func warning(_ key: String, _ code: String, _ message: String) {
            diagnostics.append(.warning(location(key), code: code, message))
        }

        /// A required non-empty text cell; reports `missing-<key>` when empty.
        mutating func required(_ key: String) -> String? {
            let t = text(key)
            if t.isEmpty {
                error(key, "missing-\(key)", "\(key) is empty")
                return nil
            }
            return t
        }

        /// An ISO date cell; reports `invalid-date` when it is not yyyy-mm-dd.
        mutating func date(_ key: String, required: Bool = true) -> String? {
            let t = text(key)
            if t.isEmpty {
                if required { error(key, "missing-\(key)", "\(key) is empty") }
                return required ? nil : ""
            }
            guard let iso = DateParsing.isoDate(t) else {
                error(key, "invalid-date", "\(key) '\(t)' is not a date (expected yyyy-mm-dd)")
                return nil
            }
            return iso
        }

        /// A number cell; reports `non-numeric-value` when the text is not a number.
        mutating func number(_ key: String, required: Bool = true) -> Double? {
            let t = text(key)
            if t.isEmpty {
                if required { error(key, "missing-\(key)", "\(key) is empty") }
                return required ? nil : .nan
            }
            guard let d = NumberParsing.double(t, decimalComma: decimalComma) else {
                error(key, "non-numeric-value", "\(key) '\(t)' is not a number")
                return nil
            }
            return d
        }
    }

    let columns: [ColumnSpec]

    /// Reads the whole file. `parse` returns nil to skip a row (after reporting why on the row).
    func read<R>(_ file: SourceFile, parse: (inout Row) -> R?) throws -> ClinicalReadResult<R> {
        let reader = try DelimitedReader(path: file.path, displayName: file.displayName)
        var diagnostics = reader.warnings
        var records: [R] = []
        var header: Header?
        let decimalComma = reader.decimalComma
        try reader.forEachRecord { record in
            guard let h = header else {
                header = try resolve(record, file: file)
                return true
            }
            if record.isBlank { return true }
            if record.countIgnoringTrailingEmpty > h.width {
                diagnostics.append(
                    .error(
                        file.location(line: record.line, column: h.width + 1), code: "extra-fields",
                        "row has \(record.countIgnoringTrailingEmpty) fields but the header has \(h.width)"))
                return true
            }
            var row = Row(record: record, header: h, file: file, decimalComma: decimalComma)
            let parsed = parse(&row)
            diagnostics += row.diagnostics
            if let parsed {
                if row.diagnostics.contains(where: { $0.severity == .error }) { return true }
                records.append(parsed)
            }
            return true
        }
        if header == nil {
            throw FileRejected(file.location(), code: "empty-file", "the file is empty: no header row")
        }
        return ClinicalReadResult(records: records, diagnostics: diagnostics)
    }

    private func resolve(_ record: DelimitedRecord, file: SourceFile) throws -> Header {
        var canonical: [String: String] = [:]
        for c in columns { for s in [c.key] + c.synonyms { canonical[s] = c.key } }
        var index: [String: Int] = [:]
        var names: [String: String] = [:]
        let width = record.countIgnoringTrailingEmpty
        for i in 0..<width {
            let raw = record.trimmed(i)
            guard let key = canonical[Self.normalise(raw)] else { continue }
            if let first = index[key] {
                throw FileRejected(
                    file.location(line: record.line, column: i + 1), code: "duplicate-column",
                    "column '\(raw)' repeats column \(first + 1) (both mean \(key))")
            }
            index[key] = i
            names[key] = raw
        }
        let missing = columns.filter { $0.required && index[$0.key] == nil }.map(\.key)
        if !missing.isEmpty {
            throw FileRejected(
                file.location(line: record.line), code: "missing-column",
                "required column\(missing.count > 1 ? "s" : "") missing: \(missing.joined(separator: ", "))")
        }
        return Header(index: index, names: names, width: width)
    }

    static func normalise(_ header: String) -> String {
        String(header.trimmingSpaces.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    static let subject = ColumnSpec(
        key: "subject", synonyms: ["subject_id", "subjid", "usubjid", "patient", "patient_id", "participant"], required: true)
    static let visit = ColumnSpec(key: "visit", synonyms: ["visit_name", "avisit", "timepoint"], required: true)
}
