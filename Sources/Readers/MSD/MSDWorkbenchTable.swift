import Domain

/// The MSD Discovery Workbench table, whichever file it comes in (CSV or the `.xlsx` sheet
/// `Workbench data`): optional lines before the table (the first is usually `Plate_<barcode>`),
/// then one row per well and assay spot:
/// `Sample, Assay, Well, Spot, Dilution, Concentration, Signal, Adjusted Signal, Mean,
/// Adj. Sig. Mean, CV, % Recovery, % Recovery Mean, Calc. Concentration, Calc. Conc. Mean,
/// Calc. Conc. CV` (newer versions add `Detection Range`, `Sample Group`…).
///
/// Both readers feed their rows here, so a CSV and a workbook of the same table give the same
/// measurements. MSD measures electrochemiluminescence, not fluorescence: `Signal` → `signal`,
/// `Adjusted Signal` → `adjusted_signal`. `Calc. Concentration` → concentration (qualified by
/// `Detection Range` when present), `Concentration` → expected_concentration (standards and
/// controls), `% Recovery` → recovery, `CV` → cv, `Dilution` → dilution. Replicate means go to
/// `extra`. Roles come from MSD's sample naming: S001 standard, C001 control, B blank, others
/// unknown. Expected concentrations are reported as written; whether a standard's value fits its
/// dilution series is the curve layer's decision (`Ingest/Curves/StandardSeriesCheck`).
struct MSDWorkbenchTable {
    /// One line of the file (CSV line or sheet row) with its cells by 0-based column.
    typealias Row = TextRow

    static let required = ["Sample", "Assay", "Well", "Signal"]
    /// Header lines further down than this mean the file is not a Workbench table.
    static let headerSearchLimit = 50
    private static let groupColumns = [
        "Mean", "Adj. Sig. Mean", "% Recovery Mean", "Calc. Conc. Mean",
        "Calc. Conc. CV", "Sample Group", "Detection Range",
    ]

    /// Whether a line's cell texts are the table's header.
    static func isHeader(_ names: some Sequence<String>) -> Bool {
        let set = Set(names)
        return set.contains("Spot") && required.allSatisfy(set.contains)
    }

    let file: SourceFile
    /// Where a cell is, for diagnostics: (line or row, 1-based column).
    let location: (Int, Int) -> SourceLocation
    private(set) var run = InstrumentRun()
    private var columns: [String: Int]?
    private var headerLine = 0
    private var rows: [Row] = []

    init(file: SourceFile, location: @escaping (Int, Int) -> SourceLocation) {
        self.file = file
        self.location = location
        run.set("program", "MSD Discovery Workbench")
    }

    /// Takes the file's lines in order: those above the header are run metadata, the header
    /// names the columns, the rest are data rows.
    mutating func add(_ row: Row) throws {
        guard columns == nil else {
            if !row.isBlank { rows.append(row) }
            return
        }
        let names = row.fields.map(\.trimmingSpaces)
        if Self.required.allSatisfy(names.contains) {
            var map: [String: Int] = [:]
            for (i, n) in names.enumerated() where !n.isEmpty && map[n] == nil { map[n] = i }
            columns = map
            headerLine = row.line
            return
        }
        if !row.isBlank { addPreamble(names) }
        if row.line > Self.headerSearchLimit {
            throw FileRejected(
                location(1, 0), code: "missing-column",
                "no header row with \(Self.required.joined(separator: ", ")) in the first \(Self.headerSearchLimit) lines")
        }
    }

    /// A line above the table: `Plate_TEST001`, or `Key,Value` / `Key :,Value`.
    private mutating func addPreamble(_ cells: [String]) {
        // A workbook written through pandas fills the empty header cells of the first line with
        // `Unnamed: 3`: placeholders, not values.
        let values = cells.dropFirst().filter { !$0.isEmpty && !Self.isPlaceholder($0) }
        let first = cells.first ?? ""
        if first.hasPrefix("Plate_"), values.isEmpty {
            run.set("plate_id", String(first.dropFirst("Plate_".count)))
        } else if !first.isEmpty {
            var key = first
            if key.hasSuffix(":") { key = String(key.dropLast()).trimmingSpaces }
            run.set(key, values.joined(separator: "; "))
        }
    }

    private static func isPlaceholder(_ text: String) -> Bool {
        guard text.hasPrefix("Unnamed: ") else { return false }
        let digits = text.dropFirst("Unnamed: ".count)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Emits every data row's measurements, then the run table.
    func emit(into sink: MeasurementSink, decimalComma: Bool = false) throws {
        guard let c = columns else {
            throw FileRejected(
                location(1, 0), code: "missing-column",
                "no header row with the columns \(Self.required.joined(separator: ", "))")
        }
        let plate = run.value("plate_id") ?? ""
        for row in rows {
            let sample = row.field(c["Sample"]).trimmingSpaces
            let assay = row.field(c["Assay"]).trimmingSpaces
            let wellText = row.field(c["Well"]).trimmingSpaces
            if sample.isEmpty {
                sink.report(.error(location(row.line, c["Sample"]! + 1), code: "missing-sample", "sample is empty: row skipped"))
                continue
            }
            if assay.isEmpty {
                sink.report(.error(location(row.line, c["Assay"]! + 1), code: "missing-analyte", "assay is empty: row skipped"))
                continue
            }
            guard let well = WellPosition(wellText) else {
                sink.report(
                    .error(
                        location(row.line, c["Well"]! + 1), code: "invalid-well",
                        "'\(wellText)' is not a well like A01: row skipped"))
                continue
            }
            let role = WellRole.fromSampleName(sample)
            var extra: [(String, String)] = [("well", well.name), ("spot", Self.normalised(row.field(c["Spot"]))), ("plate", plate)]
            for name in Self.groupColumns { extra.append((name.snakeCased, Self.normalised(row.field(c[name])))) }
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
                let loc = location(row.line, i + 1)
                guard var v = QualifiedValue.cell(text, at: loc, what: "\(column) of \(assay)", decimalComma: decimalComma, sink: sink)
                else { return }
                if statistic == CytokineStatistic.concentration, v.qualifier == .inRange {
                    // The qualifier comes from Detection Range; the raw text is the number in its
                    // canonical form (a workbook cell has no written form of its own).
                    if detectionRange.hasPrefix("below") {
                        v.qualifier = .belowLLOQ
                        v.raw = Self.normalised(text)
                    }
                    if detectionRange.hasPrefix("above") {
                        v.qualifier = .aboveULOQ
                        v.raw = Self.normalised(text)
                    }
                }
                out.append(context.measurement(analyte: assay, statistic: statistic, value: v, unit: unit, line: row.line, column: i + 1))
            }
            add("Signal", CytokineStatistic.signal)
            add("Adjusted Signal", CytokineStatistic.adjustedSignal)
            add("Calc. Concentration", CytokineStatistic.concentration)
            add(
                "Concentration", CytokineStatistic.expectedConcentration,
                applies: role == .standard || role == .control)
            add("% Recovery", CytokineStatistic.recovery, unit: "%")
            add("CV", CytokineStatistic.cv, unit: "%")
            add("Dilution", CytokineStatistic.dilution)
            for m in out { try sink.accept(m) }
        }
        if rows.isEmpty {
            throw FileRejected(location(headerLine, 0), code: "no-rows", "the table has a header but no rows")
        }
        sink.attach(run.table)
    }

    /// Text kept in `extra`: a plain number is written in one canonical form (`1004.0` in a CSV
    /// and `1004` in a workbook are the same value), anything else as written.
    static func normalised(_ text: String) -> String {
        let t = text.trimmingSpaces
        guard let v = QualifiedValue.parse(t), v.qualifier == .inRange, v.raw.isEmpty, v.value.isFinite else { return t }
        return numberText(v.value)
    }
}
