import Domain

/// The long ("tidy") measurements CSV: one value per row, for LIMS exports and hand-made files.
///
/// Required columns: subject, visit, assay, analyte, statistic, value. Optional: sample, date,
/// unit, denominator, parameter, qualifier, flags. Header names are matched case-insensitively
/// and a few common synonyms are accepted (see `TidyColumns`). Unknown columns are kept, as text,
/// in the measurement's `extra` JSON. Comma, semicolon (decimal comma) and tab files all work.
///
/// Row problems (missing subject, non-numeric value…) reject that row with its line and column;
/// a missing required column rejects the file.
public struct TidyCSVReader: MeasurementReader {
    public let format = SourceFormat(id: "tidy-csv", parserVersion: "1.0.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        guard let header = preview.lines(1).first else { return false }
        let names = Set(TidyColumns.split(header).map { TidyColumns.normalise($0) })
        return TidyColumns.required.allSatisfy { key in
            TidyColumns.synonyms[key, default: [key]].contains { names.contains($0) }
        }
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let reader = try DelimitedReader(path: file.path, displayName: file.displayName)
        reader.warnings.forEach(sink.report)
        var header: TidyColumns?
        try reader.forEachRecord { record in
            header = try TidyColumns(header: record, file: file)
            return false
        }
        guard let columns = header else {
            throw FileRejected(file.location(), code: "empty-file", "the file is empty: no header row")
        }
        let decimalComma = reader.decimalComma
        var cache = TidyFieldCache()
        try reader.forEachRecord { record in
            if record.isBlank { return true }
            try parseRow(record, columns, file: file, decimalComma: decimalComma, cache: &cache, sink: sink)
            return true
        }
    }

    /// Sends the row's value to `sink`, or reports why the row is rejected.
    private func parseRow(
        _ r: DelimitedRecord, _ c: TidyColumns, file: SourceFile, decimalComma: Bool,
        cache: inout TidyFieldCache, sink: MeasurementSink
    ) throws {
        /// A column's trimmed text, decoded once per distinct value.
        func text(_ i: Int, _ table: inout FieldInterning<String>) -> String {
            guard i < r.count else { return "" }
            return r.withBytes(i) { bytes in table.value(bytes) { r.trimmed(i) } }
        }
        func fail(_ column: Int, _ code: String, _ message: String) {
            sink.report(.error(file.location(line: r.line, column: column + 1), code: code, message))
        }
        // Every row has the header's fields. One more (even empty) is how an unquoted decimal
        // comma (`…,1,5,pg/mL,`) or a stray delimiter shows: storing it would shift every
        // later column (value 1, unit "5"), so the row is rejected at its first extra field.
        // A shorter row is read: the fields it stops before are empty (an empty value is not
        // available), as spreadsheet exports drop trailing empty cells.
        if r.countIgnoringTrailingEmpty > c.width || r.count > max(c.rawWidth, c.width) {
            return fail(
                c.width, "extra-fields",
                "row has \(r.count) fields but the header has \(c.rawWidth): an unquoted decimal comma or delimiter inside a value? Quote the value; the row is not stored"
            )
        }
        let subject = text(c.subject, &cache.subject)
        if subject.isEmpty { return fail(c.subject, "missing-subject", "subject is empty") }
        let visit = text(c.visit, &cache.visit)
        if visit.isEmpty { return fail(c.visit, "missing-visit", "visit is empty") }
        let assay =
            c.assay < r.count
            ? r.withBytes(c.assay) { bytes in
                cache.assay.value(bytes) {
                    let t = r.trimmed(c.assay)
                    return Assay(rawValue: t) ?? Assay(rawValue: t.lowercased())
                }
            } : nil
        guard let assay else {
            return fail(
                c.assay, "unknown-assay",
                "assay '\(text(c.assay, &cache.rawText).lowercased())' is not one of cytometry, cytokine, clinical")
        }
        let analyte = text(c.analyte, &cache.analyte)
        if analyte.isEmpty { return fail(c.analyte, "missing-analyte", "analyte is empty") }
        let statistic =
            c.statistic < r.count
            ? r.withBytes(c.statistic) { bytes in
                cache.statistic.value(bytes) { Statistic(TidyColumns.normaliseStatistic(r.trimmed(c.statistic))) }
            } : Statistic("")
        if statistic.rawValue.isEmpty { return fail(c.statistic, "missing-statistic", "statistic is empty") }
        var qv: QualifiedValue
        if !decimalComma, c.value < r.count, let d = r.withBytes(c.value, NumberParsing.plainDouble) {
            qv = QualifiedValue(value: d, qualifier: .inRange, raw: "")
        } else {
            let valueText = r.string(c.value)
            guard let parsed = QualifiedValue.parse(valueText, decimalComma: decimalComma) else {
                let why = NumberParsing.rejectionReason(valueText, decimalComma: decimalComma).map { " (\($0))" } ?? ""
                return fail(c.value, "non-numeric-value", "value '\(valueText)' is not a number or a known qualifier token\(why)")
            }
            qv = parsed
        }
        if let qc = c.qualifier {
            let q = r.trimmed(qc)
            if !q.isEmpty {
                guard let explicit = Qualifier(rawValue: q) ?? TidyColumns.qualifierSynonyms[q.lowercased()] else {
                    return fail(
                        qc, "unknown-qualifier",
                        "qualifier '\(q)' is not one of \(Qualifier.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                qv.qualifier = explicit
            }
        }
        var date = ""
        if let dc = c.date, dc < r.count {
            // nil: not a date; "" : empty cell.
            let iso: String? = r.withBytes(dc) { bytes in
                cache.date.value(bytes) {
                    let d = r.trimmed(dc)
                    return d.isEmpty ? "" : DateParsing.isoDate(d)
                }
            }
            guard let iso else {
                return fail(dc, "invalid-date", "date '\(r.trimmed(dc))' is not a date (expected yyyy-mm-dd)")
            }
            date = iso
        }
        let sample = c.sample.map { text($0, &cache.sample) } ?? ""
        var extra = ""
        if !c.unknown.isEmpty {
            var pairs: [(String, String)] = []
            for (i, name) in c.unknown where i < r.count {
                let v = r.string(i)
                if !v.isEmpty { pairs.append((name, v)) }
            }
            if !pairs.isEmpty { extra = JSONText.object(pairs) }
        }
        try sink.accept(
            Measurement(
                sample: sample.isEmpty ? cache.defaultSample(subject, visit) : sample,
                subject: subject, visit: visit, collectionDate: date, assay: assay,
                analyte: analyte, sourceName: analyte,
                statistic: statistic,
                denominator: c.denominator.map { text($0, &cache.denominator) } ?? "",
                parameter: c.parameter.map { text($0, &cache.parameter) } ?? "",
                value: qv.value, unit: c.unit.map { text($0, &cache.unit) } ?? "",
                qualifier: qv.qualifier, rawValue: qv.raw,
                flags: c.flags.map { text($0, &cache.flags) } ?? "", extra: extra,
                sourceLine: r.line, sourceColumn: c.value + 1))
    }
}

/// Per-file caches of decoded column values (see `FieldInterning`).
struct TidyFieldCache {
    var subject = FieldInterning<String>(), visit = FieldInterning<String>(), assay = FieldInterning<Assay?>()
    var analyte = FieldInterning<String>(), statistic = FieldInterning<Statistic>(), date = FieldInterning<String?>()
    /// For error messages only.
    var rawText = FieldInterning<String>()
    var sample = FieldInterning<String>(), denominator = FieldInterning<String>(), parameter = FieldInterning<String>()
    var unit = FieldInterning<String>(), flags = FieldInterning<String>()
    private var lastSample: (subject: String, visit: String, sample: String) = ("", "", "")

    /// `<subject>_<visit>`, built once per subject and visit.
    mutating func defaultSample(_ subject: String, _ visit: String) -> String {
        if subject == lastSample.subject && visit == lastSample.visit { return lastSample.sample }
        lastSample = (subject, visit, "\(subject)_\(visit)")
        return lastSample.sample
    }
}

/// Column positions of a tidy CSV, resolved from its header row. A class: it is read on every
/// row and never copied.
final class TidyColumns {
    static let required = ["subject", "visit", "assay", "analyte", "statistic", "value"]
    static let synonyms: [String: [String]] = [
        "subject": ["subject", "subject_id", "subjid", "usubjid", "patient", "patient_id", "participant"],
        "visit": ["visit", "avisit", "timepoint", "visit_name"],
        "assay": ["assay", "assay_type"],
        "analyte": ["analyte", "population", "paramcd", "marker"],
        "statistic": ["statistic", "stat", "statistic_kind"],
        "value": ["value", "result", "aval"],
        "sample": ["sample", "sample_id", "specimen", "specimen_id", "sample_name"],
        "date": ["date", "collection_date", "sample_date", "visit_date"],
        "unit": ["unit", "units"],
        "denominator": ["denominator", "of", "parent"],
        "parameter": ["parameter", "channel"],
        "qualifier": ["qualifier", "flag_qualifier"],
        "flags": ["flags"],
    ]
    static let qualifierSynonyms: [String: Qualifier] = [
        "in range": .inRange, "ok": .inRange, "<lloq": .belowLLOQ, "below lloq": .belowLLOQ,
        ">uloq": .aboveULOQ, "above uloq": .aboveULOQ, "not available": .notAvailable, "na": .notAvailable,
    ]

    /// Fields in the header, without and with trailing empty ones.
    let width: Int
    let rawWidth: Int
    let subject, visit, assay, analyte, statistic, value: Int
    let sample, date, unit, denominator, parameter, qualifier, flags: Int?
    /// Columns not in the model: index and header name.
    let unknown: [(Int, String)]

    init(header: DelimitedRecord, file: SourceFile) throws {
        width = header.countIgnoringTrailingEmpty
        rawWidth = header.count
        var index: [String: Int] = [:]
        var unknown: [(Int, String)] = []
        var canonicalOf: [String: String] = [:]
        for (key, names) in Self.synonyms { for n in names { canonicalOf[n] = key } }
        for i in 0..<width {
            let raw = header.trimmed(i)
            let name = Self.normalise(raw)
            if let key = canonicalOf[name] {
                if let first = index[key] {
                    throw FileRejected(
                        file.location(line: header.line, column: i + 1), code: "duplicate-column",
                        "column '\(raw)' repeats column \(first + 1) (both mean \(key))")
                }
                index[key] = i
            } else if !raw.isEmpty {
                unknown.append((i, raw))
            }
        }
        let missing = Self.required.filter { index[$0] == nil }
        if !missing.isEmpty {
            throw FileRejected(
                file.location(line: header.line), code: "missing-column",
                "required column\(missing.count > 1 ? "s" : "") missing: \(missing.joined(separator: ", "))")
        }
        subject = index["subject"]!
        visit = index["visit"]!
        assay = index["assay"]!
        analyte = index["analyte"]!
        statistic = index["statistic"]!
        value = index["value"]!
        sample = index["sample"]
        date = index["date"]
        unit = index["unit"]
        denominator = index["denominator"]
        parameter = index["parameter"]
        qualifier = index["qualifier"]
        flags = index["flags"]
        self.unknown = unknown
    }

    static func normalise(_ header: String) -> String {
        header.trimmingSpaces.lowercased().replacingSpaces()
    }

    static func normaliseStatistic(_ s: String) -> String {
        let lower = s.lowercased()
        switch lower {
        case "freq. of parent", "frequency of parent", "% of parent", "freq_of_parent": return "freq_of_parent"
        case "freq. of total", "% of total", "freq_of_total": return "freq_of_total"
        case "freq. of grandparent", "freq_of_grandparent": return "freq_of_grandparent"
        case "count", "events", "#": return "count"
        case "absolute count", "abs count", "cells/µl", "abs_count": return "abs_count"
        case "conc", "concentration", "obs conc": return "concentration"
        default: return lower.replacingSpaces()
        }
    }

    static func split(_ line: String) -> [String] {
        let delim: Character = line.contains("\t") ? "\t" : (line.filter { $0 == ";" }.count > line.filter { $0 == "," }.count ? ";" : ",")
        return line.split(separator: delim, omittingEmptySubsequences: false).map {
            String($0).trimmingSpaces.trimmingCharacters(in: "\"")
        }
    }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
    fileprivate func trimmingCharacters(in c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s.removeFirst() }
        while s.last == c { s.removeLast() }
        return String(s)
    }
}
