import Domain

/// Bio-Rad Bio-Plex Manager Excel exports: one sheet per analyte (see `BioPlexSheet`).
///
/// Each table row is one well or one replicate group (`C1,D1`) as Bio-Plex reports it. The
/// `Type` column decides the role (S standard, C control, B blank, X unknown). The sample is the
/// `Description` for unknowns and the type code (`S1`, `C3`, `B`) for the others, whose levels
/// the code identifies while their descriptions often repeat; the description is kept in
/// `extra`. Columns: FI → mfi, FI - Bkgd → net_mfi, Bead Count → bead_count, Obs Conc →
/// concentration (`OOR <`, `OOR >`, `*x` extrapolated, `***`, `---` outlier), Exp Conc →
/// expected_concentration, (Obs/Exp) * 100 → recovery, %CV → cv, Dilution → dilution; the
/// rest (Std Dev, Group, Ratio, Sampling Errors…) go to `extra`. Sheets without a Type/Well
/// table (LabKey's "Project Template") are skipped with a warning.
public struct BioPlexXlsxReader: MeasurementReader {
    public let format = SourceFormat(id: "bioplex-xlsx", parserVersion: "1.0.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        preview.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) && preview.fileExtension == "xlsx"
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let workbook = try XlsxWorkbook(file)
        var emitter = BioPlexSheetEmitter(file: file, sink: sink)
        var read = 0
        for sheet in workbook.sheets {
            let rows = try workbook.rows(of: sheet)
            guard let parsed = BioPlexSheet.parse(name: sheet.name, rows: rows) else {
                sink.report(.warning(file.location(), code: "sheet-skipped",
                                     "sheet '\(sheet.name)' has no Type/Well table: not a Bio-Plex analyte sheet, skipped"))
                continue
            }
            try emitter.emit(parsed)
            read += 1
        }
        guard read > 0 else {
            let names = workbook.sheets.map { "'\($0.name)'" }.joined(separator: ", ")
            throw FileRejected(file.location(), code: "no-bioplex-sheet",
                               "no sheet has a Bio-Plex Type/Well table (sheets: \(names.isEmpty ? "none" : names))")
        }
        sink.attach(emitter.run.table)
        if !emitter.curves.isEmpty { sink.attach(emitter.curves.table) }
    }
}

/// Emits the rows of Bio-Plex analyte sheets and gathers run metadata and curves.
struct BioPlexSheetEmitter {
    let file: SourceFile
    let sink: MeasurementSink
    var run = InstrumentRun()
    var curves: [InstrumentCurve] = []
    private var warnedDefaultThreshold = false

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

    mutating func emit(_ sheet: BioPlexSheet) throws {
        collectRun(sheet)
        let sheetAnalyte = sheet.headerValue("Analyte") ?? sheet.name
        guard let typeColumn = sheet.columns["Type"], let wellColumn = sheet.columns["Well"] else { return }
        let statisticNames = Set(Self.statisticColumns.map(\.0))
        let extraColumns = sheet.columnOrder.filter {
            !Self.identityColumns.contains($0.name) && !statisticNames.contains($0.name)
        }
        for row in sheet.dataRows {
            let typeCode = row.text(typeColumn).trimmingSpaces
            guard let role = WellRole.fromBioPlexType(typeCode) else {
                sink.report(.error(file.location(line: row.number, column: typeColumn), code: "unknown-well-type",
                                   "type '\(typeCode)' on sheet '\(sheet.name)' is not a Bio-Plex type (S, C, B or X with a number): row skipped"))
                continue
            }
            let wellText = row.text(wellColumn).trimmingSpaces
            let wells = wellText.split(separator: ",").map { WellPosition(String($0)) }
            guard !wells.isEmpty, wells.allSatisfy({ $0 != nil }) else {
                sink.report(.error(file.location(line: row.number, column: wellColumn), code: "invalid-well",
                                   "well '\(wellText)' on sheet '\(sheet.name)' is not a well or list of wells (E12, C1,D1): row skipped"))
                continue
            }
            let description = sheet.columns["Description"].map { row.text($0).trimmingSpaces } ?? ""
            let sample = role == .unknown && !description.isEmpty ? description : typeCode
            var analyte = sheet.columns["Analyte"].map { row.text($0).trimmingSpaces } ?? ""
            if analyte.isEmpty { analyte = sheetAnalyte }
            var extra: [(String, String)] = [
                ("well", wells.compactMap { $0?.name }.joined(separator: ",")), ("type_code", typeCode),
                ("description", description), ("sheet", sheet.name), ("plate_id", sheet.headerValue("Plate ID") ?? ""),
            ]
            for (name, column) in extraColumns { extra.append((name.snakeCased, row.text(column).trimmingSpaces)) }
            let context = CytokineWell(sample: sample, role: role, extra: extra)

            var out: [Domain.Measurement] = []
            var count: Double?
            for (name, statistic) in Self.statisticColumns {
                guard let column = sheet.columns[name] else { continue }
                let text = row.text(column).trimmingSpaces
                let location = file.location(line: row.number, column: column)
                if text.isEmpty {
                    // Bio-Plex leaves cells empty where a value does not apply (no Obs Conc for a
                    // blank, no %CV for a single well); only a missing concentration is news.
                    guard statistic == CytokineStatistic.concentration, role != .blank else { continue }
                }
                var value: QualifiedValue?
                if statistic == CytokineStatistic.beadCount {
                    value = QualifiedValue.count(text, at: location, sink: sink)
                    if let v = value, v.qualifier == .inRange { count = v.value }
                } else {
                    value = QualifiedValue.cell(text, at: location, what: "\(name) of \(analyte)", sink: sink)
                }
                guard var v = value else { continue }
                if statistic == CytokineStatistic.expectedConcentration, v.qualifier == .inRange, v.value == 0 {
                    // Bio-Plex writes 0 when no expected concentration was entered; its own
                    // (Obs/Exp) * 100 is then ***. Zero is not a concentration it expected.
                    v = QualifiedValue(value: .nan, qualifier: .notAvailable, raw: text)
                }
                let unit = statistic == CytokineStatistic.recovery || statistic == CytokineStatistic.cv ? "%" : ""
                out.append(context.measurement(analyte: analyte, statistic: statistic, value: v, unit: unit,
                                               line: row.number, column: column))
            }
            let samplingErrors = sheet.columns["Sampling Errors"].map { row.text($0) } ?? ""
            // Sampling error 1 is Bio-Plex's own "Low bead #".
            var low = samplingErrors.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).contains("1")
            if let n = count, n < threshold() { low = true }
            if low { for i in out.indices { out[i].addFlag(BeadCountThreshold.flag) } }
            for m in out { try sink.accept(m) }
        }
        addCurve(sheet, analyte: sheetAnalyte)
    }

    private mutating func threshold() -> Double {
        if !warnedDefaultThreshold {
            warnedDefaultThreshold = true
            sink.report(.warning(file.location(), code: "default-bead-threshold",
                                 "Bio-Plex Excel exports state no minimum bead count; rows with fewer than \(numberText(BeadCountThreshold.commonDefault)) beads (or sampling error 1, low bead #) are flagged low-bead-count"))
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
                sink.report(.warning(file.location(line: d.row, column: 1), code: "invalid-date",
                                     "acquisition date '\(d.value)' on sheet '\(sheet.name)' is not a date like 16-Jun-2011: kept as written"))
            }
        }
    }

    private mutating func addCurve(_ sheet: BioPlexSheet, analyte: String) {
        guard let equation = sheet.equation else { return }
        let model = sheet.regressionType?.text ?? ""
        guard let p = BioPlexEquation.parse(equation.text) else {
            sink.report(.warning(file.location(line: equation.row, column: 1), code: "curve-not-read",
                                 "standard curve of \(analyte) not read: '\(equation.text)' is not FI = d + (a - d) / (1 + (Conc / c)^b)^g"))
            return
        }
        curves.append(InstrumentCurve(analyte: analyte, model: model, a: p.d, b: p.a - p.d, c: p.c, d: p.b, f: p.g))
        if let fit = sheet.fitStatistics {
            run.set("fit:\(analyte)", fit.text)
        }
        var types = run.value("analysis_types").map { $0.components(separatedBy: "; ") } ?? []
        if !model.isEmpty, !types.contains(model) { types.append(model); run.set("analysis_types", types.joined(separator: "; ")) }
    }
}

extension String {
    /// `FI - Bkgd` → `fi_bkgd`, `(Obs/Exp) * 100` → `obs_exp_100`: a stable `extra` key.
    var snakeCased: String {
        var out = ""
        var pendingUnderscore = false
        for c in lowercased() {
            if c.isLetter || c.isNumber {
                if pendingUnderscore, !out.isEmpty { out.append("_") }
                pendingUnderscore = false
                out.append(c)
            } else {
                pendingUnderscore = true
            }
        }
        return out
    }
}
