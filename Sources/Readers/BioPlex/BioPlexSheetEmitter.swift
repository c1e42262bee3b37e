import Domain

/// Emits the rows of Bio-Plex analyte sheets and gathers run metadata and curves.
struct BioPlexSheetEmitter {
    let file: SourceFile
    let sink: MeasurementSink
    var run = InstrumentRun()
    var curves: [InstrumentCurve] = []
    private var warnedDefaultThreshold = false
    /// Values handed to the sink so far.
    private(set) var emitted = 0

    init(file: SourceFile, sink: MeasurementSink) {
        self.file = file
        self.sink = sink
    }

    /// Columns read as statistics; every other named column goes to `extra`.
    private static let statisticColumns: [(String, Statistic)] = [
        ("FI", CytokineStatistic.mfi), ("FI - Bkgd", CytokineStatistic.netMFI),
        ("Bead Count", CytokineStatistic.beadCount), ("Obs Conc", CytokineStatistic.concentration),
        ("Exp Conc", CytokineStatistic.expectedConcentration), ("(Obs/Exp) * 100", CytokineStatistic.recovery),
        ("%CV", CytokineStatistic.cv), ("Dilution", CytokineStatistic.dilution),
    ]
    private static let identityColumns: Set<String> = ["Analyte", "Type", "Well", "Description"]

    /// One statistic column of a sheet, with the analyte it belongs to when the sheet is in
    /// the block layout (nil: the row's or the sheet's analyte).
    private struct StatisticColumn {
        var name: String
        var statistic: Statistic
        var column: Int
        var analyte: String?
    }

    mutating func emit(_ sheet: BioPlexSheet) throws {
        collectRun(sheet)
        let sheetAnalyte = sheet.headerValue("Analyte") ?? sheet.name
        guard let typeColumn = sheet.columns["Type"], let wellColumn = sheet.columns["Well"] else { return }
        let statisticNames = Dictionary(uniqueKeysWithValues: Self.statisticColumns)
        let unattributed = Set(sheet.unattributedColumns.map(\.column))
        for (name, column) in sheet.unattributedColumns {
            sink.report(
                .warning(
                    file.location(sheet: sheet.name, row: sheet.headerRow, column: column), code: "unattributed-column",
                    "column '\(name)' appears more than once on sheet '\(sheet.name)' with no analyte name above it to tell them apart: this one is not read"
                ))
        }
        // Statistic columns in the order of `statisticColumns`, each in sheet order.
        var statistics: [StatisticColumn] = []
        for (name, statistic) in Self.statisticColumns {
            for (n, column) in sheet.columnOrder where n == name && !unattributed.contains(column) {
                statistics.append(StatisticColumn(name: name, statistic: statistic, column: column, analyte: sheet.blockAnalytes[column]))
            }
        }
        let extraColumns = sheet.columnOrder.filter {
            !Self.identityColumns.contains($0.name) && statisticNames[$0.name] == nil && !unattributed.contains($0.column)
        }
        for row in sheet.dataRows {
            let typeCode = row.text(typeColumn).trimmingSpaces
            guard let role = WellRole.fromBioPlexType(typeCode) else {
                sink.report(
                    .error(
                        file.location(sheet: sheet.name, row: row.number, column: typeColumn), code: "unknown-well-type",
                        "type '\(typeCode)' on sheet '\(sheet.name)' is not a Bio-Plex type (S, C, B or X with a number): row skipped"))
                continue
            }
            let wellText = row.text(wellColumn).trimmingSpaces
            let wells = wellText.split(separator: ",").map { WellPosition(String($0)) }
            guard !wells.isEmpty, wells.allSatisfy({ $0 != nil }) else {
                sink.report(
                    .error(
                        file.location(sheet: sheet.name, row: row.number, column: wellColumn), code: "invalid-well",
                        "well '\(wellText)' on sheet '\(sheet.name)' is not a well or list of wells (E12, C1,D1): row skipped"))
                continue
            }
            let description = sheet.columns["Description"].map { row.text($0).trimmingSpaces } ?? ""
            let sample = role == .unknown && !description.isEmpty ? description : typeCode
            var rowAnalyte = sheet.columns["Analyte"].map { row.text($0).trimmingSpaces } ?? ""
            if rowAnalyte.isEmpty { rowAnalyte = sheetAnalyte }
            var extra: [(String, String)] = [
                ("well", wells.compactMap { $0?.name }.joined(separator: ",")), ("type_code", typeCode),
                ("description", description), ("sheet", sheet.name), ("plate_id", sheet.headerValue("Plate ID") ?? ""),
            ]
            for (name, column) in extraColumns {
                // A repeated extra column (block layout) is told apart by its analyte.
                let key = sheet.blockAnalytes[column].map { "\(name.snakeCased)_\($0.snakeCased)" } ?? name.snakeCased
                extra.append((key, row.text(column).trimmingSpaces))
            }
            let context = CytokineWell(sample: sample, role: role, extra: extra)

            // Values grouped by analyte (one group unless the sheet is in the block layout).
            var analytes: [String] = []
            var out: [String: [Domain.Measurement]] = [:]
            var counts: [String: Double] = [:]
            for s in statistics {
                let analyte = s.analyte ?? rowAnalyte
                let text = row.text(s.column).trimmingSpaces
                let location = file.location(sheet: sheet.name, row: row.number, column: s.column)
                if text.isEmpty {
                    // Bio-Plex leaves cells empty where a value does not apply (no Obs Conc for a
                    // blank, no %CV for a single well); only a missing concentration is news.
                    guard s.statistic == CytokineStatistic.concentration, role != .blank else { continue }
                }
                var value: QualifiedValue?
                if s.statistic == CytokineStatistic.beadCount {
                    value = QualifiedValue.count(text, at: location, sink: sink)
                    if let v = value, v.qualifier == .inRange { counts[analyte] = v.value }
                } else {
                    value = QualifiedValue.cell(text, at: location, what: "\(s.name) of \(analyte)", sink: sink)
                }
                guard var v = value else { continue }
                if s.statistic == CytokineStatistic.expectedConcentration, v.qualifier == .inRange, v.value == 0 {
                    // Bio-Plex writes 0 when no expected concentration was entered; its own
                    // (Obs/Exp) * 100 is then ***. Zero is not a concentration it expected.
                    v = QualifiedValue(value: .nan, qualifier: .notAvailable, raw: text)
                }
                let unit = s.statistic == CytokineStatistic.recovery || s.statistic == CytokineStatistic.cv ? "%" : ""
                if out[analyte] == nil { analytes.append(analyte) }
                out[analyte, default: []].append(
                    context.measurement(
                        analyte: analyte, statistic: s.statistic, value: v, unit: unit,
                        line: row.number, column: s.column))
            }
            let samplingErrors = sheet.columns["Sampling Errors"].map { row.text($0) } ?? ""
            // Sampling error 1 is Bio-Plex's own "Low bead #".
            let lowBeads = samplingErrors.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).contains("1")
            for analyte in analytes {
                var values = out[analyte] ?? []
                var low = lowBeads
                if let n = counts[analyte], n < threshold() { low = true }
                if low { for i in values.indices { values[i].addFlag(BeadCountThreshold.flag) } }
                for m in values { try sink.accept(m) }
                emitted += values.count
            }
        }
        if sheet.blockAnalytes.isEmpty {
            addCurve(sheet, analyte: sheetAnalyte)
        } else if let equation = sheet.equation {
            sink.report(
                .warning(
                    file.location(sheet: sheet.name, row: equation.row, column: 1), code: "curve-not-read",
                    "sheet '\(sheet.name)' holds several analytes, so its standard curve '\(equation.text)' cannot be attributed to one: not read"
                ))
        }
    }

    private mutating func threshold() -> Double {
        if !warnedDefaultThreshold {
            warnedDefaultThreshold = true
            sink.report(
                .warning(
                    file.location(), code: "default-bead-threshold",
                    "Bio-Plex Excel exports state no minimum bead count; rows with fewer than \(numberText(BeadCountThreshold.commonDefault)) beads (or sampling error 1, low bead #) are flagged low-bead-count"
                ))
        }
        return BeadCountThreshold.commonDefault
    }

    private mutating func collectRun(_ sheet: BioPlexSheet) {
        let keys: [(String, String)] = [
            ("File Name", "file_name"), ("Reader Serial Number", "serial_number"), ("Plate ID", "plate_id"),
            ("Signed By", "signed_by"), ("Document ID", "document_id"), ("RP1 PMT (Volts)", "rp1_pmt_volts"),
            ("RP1 Target", "rp1_target"),
        ]
        if run.value("program") == nil { run.set("program", "Bio-Plex Manager") }
        for (label, key) in keys where run.value(key) == nil {
            if let v = sheet.headerValue(label) { run.set(key, v) }
        }
        if run.value("run_date_raw") == nil, let d = sheet.header.first(where: { $0.key == "Acquisition Date" }) {
            run.set("run_date_raw", d.value)
            if let iso = BioPlexDate.iso(d.value) {
                run.set("run_date", iso)
            } else {
                sink.report(
                    .warning(
                        file.location(sheet: sheet.name, row: d.row, column: 1), code: "invalid-date",
                        "acquisition date '\(d.value)' on sheet '\(sheet.name)' is not a date like 16-Jun-2011: kept as written"))
            }
        }
    }

    private mutating func addCurve(_ sheet: BioPlexSheet, analyte: String) {
        guard let equation = sheet.equation else { return }
        let model = sheet.regressionType?.text ?? ""
        guard let p = BioPlexEquation.parse(equation.text) else {
            sink.report(
                .warning(
                    file.location(sheet: sheet.name, row: equation.row, column: 1), code: "curve-not-read",
                    "standard curve of \(analyte) not read: '\(equation.text)' is not FI = d + (a - d) / (1 + (Conc / c)^b)^g"))
            return
        }
        curves.append(InstrumentCurve(analyte: analyte, model: model, a: p.d, b: p.a - p.d, c: p.c, d: p.b, f: p.g))
        if let fit = sheet.fitStatistics {
            run.set("fit:\(analyte)", fit.text)
        }
        var types = run.value("analysis_types").map { $0.components(separatedBy: "; ") } ?? []
        if !model.isEmpty, !types.contains(model) {
            types.append(model)
            run.set("analysis_types", types.joined(separator: "; "))
        }
    }
}
