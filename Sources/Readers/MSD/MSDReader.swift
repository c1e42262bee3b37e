import Domain

/// Meso Scale Discovery Workbench plate exports: optional lines before the table (the first is
/// usually `Plate_<barcode>`), then one row per well and assay spot:
/// `Sample, Assay, Well, Spot, Dilution, Concentration, Signal, Adjusted Signal, Mean,
/// Adj. Sig. Mean, CV, % Recovery, % Recovery Mean, Calc. Concentration, Calc. Conc. Mean,
/// Calc. Conc. CV` (newer versions add `Detection Range`, `Sample Group`…).
///
/// MSD measures electrochemiluminescence, not fluorescence: `Signal` → `signal`, `Adjusted
/// Signal` → `adjusted_signal`. `Calc. Concentration` → concentration (qualified by `Detection
/// Range` when present), `Concentration` → expected_concentration (standards and controls),
/// `% Recovery` → recovery, `CV` → cv, `Dilution` → dilution. Replicate means go to `extra`.
/// Roles come from MSD's sample naming: S001 standard, C001 control, B blank, others unknown.
/// Expected concentrations are reported as written; whether a standard's value fits its dilution
/// series is the curve layer's decision (`Ingest/Curves/StandardSeriesCheck`).
public struct MSDReader: MeasurementReader {
    public let format = SourceFormat(id: "msd-csv", parserVersion: "1.1.0")
    public init() {}

    static let required = ["Sample", "Assay", "Well", "Signal"]

    public func recognizes(_ preview: SourcePreview) -> Bool {
        preview.lines(8).contains { line in
            let names = Set(line.split(separator: line.contains("\t") ? "\t" : ",").map {
                String($0).trimmingSpaces.filter { $0 != "\"" }
            })
            return names.contains("Spot") && Self.required.allSatisfy(names.contains)
        }
    }

    private struct Row {
        var line: Int
        var fields: [String]
        func field(_ i: Int?) -> String { guard let i, i < fields.count else { return "" }; return fields[i] }
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let reader = try DelimitedReader(path: file.path, displayName: file.displayName)
        reader.warnings.forEach(sink.report)
        var run = InstrumentRun()
        run.set("program", "MSD Discovery Workbench")
        var columns: [String: Int]?
        var headerLine = 0
        var rows: [Row] = []
        try reader.forEachRecord { record in
            if columns == nil {
                let names = (0..<record.count).map { record.trimmed($0) }
                if Self.required.allSatisfy(names.contains) {
                    var map: [String: Int] = [:]
                    for (i, n) in names.enumerated() where !n.isEmpty && map[n] == nil { map[n] = i }
                    columns = map
                    headerLine = record.line
                } else if !record.isBlank {
                    // Lines above the table: `Plate_TEST001`, or `Key,Value`.
                    let first = record.trimmed(0)
                    if first.hasPrefix("Plate_"), record.countIgnoringTrailingEmpty == 1 {
                        run.set("plate_id", String(first.dropFirst("Plate_".count)))
                    } else {
                        run.set(first.hasSuffix(":") ? String(first.dropLast()) : first,
                                (1..<max(record.count, 1)).map { record.trimmed($0) }.filter { !$0.isEmpty }.joined(separator: "; "))
                    }
                }
                if record.line > 50, columns == nil {
                    throw FileRejected(file.location(line: 1), code: "missing-column",
                                       "no header row with \(Self.required.joined(separator: ", ")) in the first 50 lines")
                }
                return true
            }
            if !record.isBlank { rows.append(Row(line: record.line, fields: record.strings)) }
            return true
        }
        guard let c = columns else {
            throw FileRejected(file.location(line: 1), code: "missing-column",
                               "no header row with the columns \(Self.required.joined(separator: ", "))")
        }
        let decimalComma = reader.decimalComma
        let plate = run.value("plate_id") ?? ""
        let groupColumns = ["Mean", "Adj. Sig. Mean", "% Recovery Mean", "Calc. Conc. Mean", "Calc. Conc. CV", "Sample Group", "Detection Range"]

        for row in rows {
            let sample = row.field(c["Sample"]).trimmingSpaces
            let assay = row.field(c["Assay"]).trimmingSpaces
            let wellText = row.field(c["Well"]).trimmingSpaces
            if sample.isEmpty {
                sink.report(.error(file.location(line: row.line, column: c["Sample"]! + 1), code: "missing-sample", "sample is empty: row skipped"))
                continue
            }
            if assay.isEmpty {
                sink.report(.error(file.location(line: row.line, column: c["Assay"]! + 1), code: "missing-analyte", "assay is empty: row skipped"))
                continue
            }
            guard let well = WellPosition(wellText) else {
                sink.report(.error(file.location(line: row.line, column: c["Well"]! + 1), code: "invalid-well",
                                   "'\(wellText)' is not a well like A01: row skipped"))
                continue
            }
            let role = WellRole.fromSampleName(sample)
            var extra: [(String, String)] = [("well", well.name), ("spot", row.field(c["Spot"]).trimmingSpaces), ("plate", plate)]
            for name in groupColumns { extra.append((name.snakeCased, row.field(c[name]).trimmingSpaces)) }
            let context = CytokineWell(sample: sample, role: role, extra: extra)
            let detectionRange = row.field(c["Detection Range"]).trimmingSpaces.lowercased()

            var out: [Domain.Measurement] = []
            func add(_ column: String, _ statistic: Statistic, unit: String = "", applies: Bool = true) {
                guard applies, let i = c[column] else { return }
                let text = row.field(i)
                if text.trimmingSpaces.isEmpty {
                    // Empty means "not applicable" (no expected concentration for an unknown);
                    // only a missing calculated concentration is reported, as not available.
                    guard statistic == CytokineStatistic.concentration, role != .blank else { return }
                }
                let loc = file.location(line: row.line, column: i + 1)
                guard var v = QualifiedValue.cell(text, at: loc, what: "\(column) of \(assay)", decimalComma: decimalComma, sink: sink) else { return }
                if statistic == CytokineStatistic.concentration, v.qualifier == .inRange {
                    if detectionRange.hasPrefix("below") { v.qualifier = .belowLLOQ; v.raw = text.trimmingSpaces }
                    if detectionRange.hasPrefix("above") { v.qualifier = .aboveULOQ; v.raw = text.trimmingSpaces }
                }
                out.append(context.measurement(analyte: assay, statistic: statistic, value: v, unit: unit, line: row.line, column: i + 1))
            }
            add("Signal", CytokineStatistic.signal)
            add("Adjusted Signal", CytokineStatistic.adjustedSignal)
            add("Calc. Concentration", CytokineStatistic.concentration)
            add("Concentration", CytokineStatistic.expectedConcentration,
                applies: role == .standard || role == .control)
            add("% Recovery", CytokineStatistic.recovery, unit: "%")
            add("CV", CytokineStatistic.cv, unit: "%")
            add("Dilution", CytokineStatistic.dilution)
            for m in out { try sink.accept(m) }
        }
        if rows.isEmpty {
            throw FileRejected(file.location(line: headerLine), code: "no-rows", "the table has a header but no rows")
        }
        sink.attach(run.table)
    }
}
