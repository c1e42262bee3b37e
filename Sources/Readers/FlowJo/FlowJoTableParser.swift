import Domain

/// Reads the body of a FlowJo table export (FlowJo 10 CSV or FlowJo 9 TSV) into measurements:
/// one per sample row × statistic column.
///
/// Choices, stated once for both table readers:
/// - The first column is the sample (FCS file name as written; FlowJo 9's row number `12: ` is
///   removed). A row with no sample name is rejected with its line.
/// - The `Mean` / `SD` / `StdDev` rows FlowJo appends are summaries of the rows above, not
///   samples: they are dropped.
/// - Staining and compensation controls (FMO, isotype, unstained, comp, beads) are kept and
///   flagged `control`.
/// - An empty cell means FlowJo exported no value for that sample (the statistic was not
///   computed): it is skipped, not stored as NaN, and the empty cells are counted and reported
///   in one warning per file with the first one's location. `NaN`, `N/A` and similar tokens are
///   stored as NaN with qualifier `not_available`, keeping their text.
/// - Any other non-numeric cell is an error at its line and column; the row's other values are
///   still read.
/// - Counts written with decimals are rounded, with a warning when they were not whole.
struct FlowJoTableParser {
    let file: SourceFile
    let style: FlowJoHeaderStyle
    /// FlowJo 9 numbers its sample rows: `1: Specimen_001.fcs`.
    let stripsRowNumbers: Bool
    /// Forces the delimiter (FlowJo 9 writes tabs; its headers contain commas).
    let delimiter: UInt8?

    static let summaryRows: Set<String> = ["Mean", "SD", "StdDev", "Std Dev", "Std. Dev.", "Std.Dev."]

    func read(into sink: MeasurementSink) throws {
        let reader = try DelimitedReader(path: file.path, displayName: file.displayName, delimiter: delimiter)
        reader.warnings.forEach(sink.report)
        let decimalComma = reader.decimalComma
        var columns: [FlowJoTableColumn]?
        var empty = EmptyCells()
        try reader.forEachRecord { record in
            if record.isBlank { return true }
            guard let cols = columns else {
                columns = try FlowJoTableColumns.parse(header: record, style: style, file: file, sink: sink)
                return true
            }
            try readRow(record, cols, decimalComma: decimalComma, empty: &empty, sink: sink)
            return true
        }
        if columns == nil {
            throw FileRejected(file.location(), code: "empty-file", "the file is empty: no header row")
        }
        if let first = empty.first {
            sink.report(
                .warning(
                    first, code: "empty-cells",
                    "\(empty.count) empty cell\(empty.count == 1 ? "" : "s") skipped (no value exported); the first is here"))
        }
    }

    struct EmptyCells {
        var count = 0
        var first: SourceLocation?
    }

    /// The sample name with FlowJo 9's `N: ` row number removed.
    static func sampleName(_ cell: String, stripsRowNumbers: Bool) -> String {
        guard stripsRowNumbers else { return cell }
        var digits = 0
        for ch in cell { if ch.isASCII && ch.isNumber { digits += 1 } else { break } }
        guard digits > 0 else { return cell }
        let rest = cell.dropFirst(digits)
        guard rest.first == ":" else { return cell }
        return String(rest.dropFirst()).trimmingSpaces
    }

    private func readRow(
        _ r: DelimitedRecord, _ columns: [FlowJoTableColumn], decimalComma: Bool,
        empty: inout EmptyCells, sink: MeasurementSink
    ) throws {
        let first = r.trimmed(0)
        if Self.summaryRows.contains(first) { return }
        let sample = Self.sampleName(first, stripsRowNumbers: stripsRowNumbers)
        if sample.isEmpty {
            sink.report(
                .error(
                    file.location(line: r.line, column: 1), code: "missing-sample",
                    "row has values but no sample name"))
            return
        }
        let flags = FlowJoControlSample.isControl(sample) ? MeasurementFlag.control.rawValue : ""
        var keywords: [(String, String)] = []
        for (i, column) in columns.enumerated() where i < r.count {
            if case .keyword(let name) = column {
                let v = r.trimmed(i)
                if !v.isEmpty { keywords.append((name, v)) }
            }
        }
        let extra = keywords.isEmpty ? "" : JSONText.object(keywords)

        for i in 1..<max(r.count, columns.count) {
            let location = file.location(line: r.line, column: i + 1)
            let text = r.trimmed(i)
            guard i < columns.count else {
                if !text.isEmpty {
                    sink.report(
                        .error(
                            location, code: "extra-fields",
                            "value '\(text)' is beyond the last column of the header"))
                }
                continue
            }
            let analyte: String, statistic: Statistic, denominator: String, parameter: String, unit: String
            switch columns[i] {
            case .sample, .keyword, .ignored:
                continue
            case .gate(let path, let s, let d):
                (analyte, statistic, denominator, parameter, unit) = (path, s.statistic, d, s.parameter, s.unit)
            case .userNamed(let name, let s, let u):
                (analyte, statistic, denominator, parameter, unit) = (name, s, "", "", u)
            }
            if text.isEmpty {
                empty.count += 1
                if empty.first == nil { empty.first = location }
                continue
            }
            guard var cell = FlowJoCellValue.parse(text, decimalComma: decimalComma) else {
                sink.report(
                    .error(
                        location, code: "non-numeric-value",
                        "'\(text)' in column '\(analyte)' is not a number"))
                continue
            }
            if statistic == .count, !cell.checkCount(text, at: location, sink: sink) { continue }
            try sink.accept(
                Measurement(
                    sample: sample, assay: .cytometry, analyte: analyte, sourceName: analyte,
                    statistic: statistic, denominator: denominator, parameter: parameter,
                    value: cell.value, unit: unit, qualifier: cell.qualifier, rawValue: cell.raw,
                    flags: flags, extra: extra, sourceLine: r.line, sourceColumn: i + 1))
        }
    }
}

/// One statistic cell of a FlowJo export: a number (`45.2`, `4.43E+05`, `12.5%`, `12,5` in
/// decimal-comma files) or a token saying there is none (`NaN`, `N/A`).
struct FlowJoCellValue {
    var value: Double
    var qualifier: Qualifier
    /// The cell's text when it is not the plain number.
    var raw: String

    static func parse(_ text: String, decimalComma: Bool) -> FlowJoCellValue? {
        if let d = NumberParsing.double(text, decimalComma: decimalComma) {
            // A byte search: Foundation's `contains` was a twentieth of a plate export's reading.
            return FlowJoCellValue(value: d, qualifier: .inRange, raw: text.utf8.contains(UInt8(ascii: "%")) ? text : "")
        }
        // FlowJo writes no limits of quantification: the only tokens that make sense are the
        // "no value" ones (`NaN` for a frequency of an empty parent).
        if let q = QualifiedValue.parse(text, decimalComma: decimalComma), q.qualifier == .notAvailable {
            return FlowJoCellValue(value: .nan, qualifier: .notAvailable, raw: q.raw)
        }
        return nil
    }

    /// Event counts are whole and not negative: rounds a decimal count (warning) and rejects a
    /// negative one (error). Returns false when the value must not be emitted.
    mutating func checkCount(_ text: String, at location: SourceLocation, sink: MeasurementSink) -> Bool {
        guard !value.isNaN else { return true }
        if value < 0 {
            sink.report(.error(location, code: "negative-count", "count '\(text)' is negative"))
            return false
        }
        let rounded = value.rounded()
        if !WholeCount.isWhole(value) {
            sink.report(
                .warning(
                    location, code: "non-whole-count",
                    "count '\(text)' is not a whole number of events; rounded to \(Int(rounded))"))
            raw = text
            value = rounded
        }
        return true
    }
}
