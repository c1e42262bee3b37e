import Domain

/// Turns the rows of an INTELLIFLEX per-well export into measurements and the run table.
struct IntelliflexEmitter {
    let file: SourceFile
    let export: IntelliflexExport
    let columns: IntelliflexColumns
    let sink: MeasurementSink

    /// Region → analyte name as the file writes it (unique within the file).
    private var analyteNames: [IntelliflexRegion: String] = [:]
    /// Well-level columns that hold one value for the whole plate (→ `instrument_run`), and
    /// those that vary between wells (→ each well's `extra`), besides the ones read by name.
    private var plateColumns: [(name: String, index: Int)] = []
    private var varyingColumns: [(name: String, index: Int)] = []
    private var minimum: (value: Double, source: String)?

    /// The statistics emitted per region, in this order (the xPONENT reader's order).
    static let statisticOrder: [Statistic] = [
        CytokineStatistic.mfi, CytokineStatistic.netMFI, CytokineStatistic.beadCount, CytokineStatistic.concentration,
        CytokineStatistic.expectedConcentration, CytokineStatistic.recovery, CytokineStatistic.cv,
    ]

    /// Well-level columns read into every well's `extra`, by name → key.
    static let perWellColumns: [(name: String, key: String)] = [
        ("WELL STATUS", "well_status"), ("WELL ACQUISITION START", "acquisition_start"),
        ("WELL ACQUISITION END", "acquisition_end"), ("TOTAL EVENTS", "total_events"),
        ("TOTAL ACTIVE EVENTS", "total_active_events"), ("TOTAL CLASSIFIED EVENTS", "total_classified_events"),
        ("TOTAL GATED EVENTS", "total_gated_events"), ("COUNT %CV", "count_cv"),
    ]
    static let coreColumns: Set<String> = ["WELL LOCATION", "WELL TYPE", "SAMPLE ID", "DILUTION"]
    /// Columns that state the acquisition's minimum beads per region, when an export has one.
    static let minimumColumns = [
        "MIN EVENTS", "MIN EVENTS PER BEAD", "MINIMUM EVENTS", "MIN BEAD COUNT",
        "MINIMUM BEAD COUNT", "MIN BEADS", "MIN BEADS PER REGION", "BEAD COUNT MINIMUM",
    ]
    /// Plate-wide columns with a stable key of their own in `instrument_run`.
    static let runKeys: [String: String] = [
        "INSTRUMENT TYPE": "instrument", "MODEL NAME": "model", "PLATE NAME": "batch",
        "PLATE TYPE NAME": "plate_type", "SOFTWARE VERSION": "software_version",
    ]

    init(file: SourceFile, export: IntelliflexExport, columns: IntelliflexColumns, sink: MeasurementSink) {
        self.file = file
        self.export = export
        self.columns = columns
        self.sink = sink
        let named = Self.coreColumns.union(Self.perWellColumns.map(\.name))
        for (name, index) in columns.wellLevelOrder where !named.contains(IntelliflexColumns.normalised(name)) {
            let values = Set(export.rows.map { $0.field(index).trimmingSpaces })
            if values.count <= 1 { plateColumns.append((name, index)) } else { varyingColumns.append((name, index)) }
        }
        analyteNames = resolveAnalyteNames()
        minimum = fileMinimum()
    }

    private func location(_ row: IntelliflexExport.Row, _ index: Int) -> SourceLocation {
        file.location(line: row.line, column: index + 1)
    }

    private static func isMissing(_ text: String) -> Bool {
        let t = text.trimmingSpaces
        return t.isEmpty || t.caseInsensitiveEquals("NaN")
    }

    // MARK: analytes

    /// Each region's analyte name: the first well that names it (unacquired wells write NaN).
    /// A region named differently by two wells keeps the first name (warned); a region no well
    /// names is called by its header label; two regions of one name are told apart by label.
    private func resolveAnalyteNames() -> [IntelliflexRegion: String] {
        var out: [IntelliflexRegion: String] = [:]
        var used: [String: IntelliflexRegion] = [:]
        for region in columns.regions {
            let nameIndex = columns.fields[region]?[.analyteName]
            var name: String?
            var first: (line: Int, name: String)?
            if let c = nameIndex {
                for row in export.rows {
                    let n = row.field(c).trimmingSpaces
                    if Self.isMissing(n) { continue }
                    if let f = first {
                        if n != f.name {
                            sink.report(
                                .warning(
                                    location(row, c), code: "analyte-name-mismatch",
                                    "\(region.label) is '\(n)' here but '\(f.name)' on line \(f.line); the first name is used"))
                            break
                        }
                    } else {
                        first = (row.line, n)
                        name = n
                    }
                }
            }
            var resolved = name ?? region.label
            if name == nil, columns.hasValues(region) {
                let column = (nameIndex ?? columns.fields[region]?.values.min() ?? 0) + 1
                sink.report(
                    .warning(
                        file.location(line: export.headerLine, column: column), code: "missing-analyte",
                        "no well names the analyte of \(region.label); its values are stored under '\(region.label)'"))
            }
            if let other = used[resolved] {
                sink.report(
                    .warning(
                        file.location(line: export.headerLine, column: (nameIndex ?? 0) + 1), code: "duplicate-analyte",
                        "\(region.label) and \(other.label) are both named '\(resolved)'; \(region.label)'s values are stored as '\(resolved) (\(region.label))'"
                    ))
                resolved = "\(resolved) (\(region.label))"
            }
            used[resolved] = region
            out[region] = resolved
        }
        return out
    }

    // MARK: bead-count minimum

    private mutating func fileMinimum() -> (value: Double, source: String)? {
        for name in Self.minimumColumns {
            guard let c = columns.index(name) else { continue }
            for row in export.rows {
                if let v = NumberParsing.double(row.field(c).trimmingSpaces), v > 0 {
                    return (v, "'\(name)' column")
                }
            }
        }
        return nil
    }

    private var warnedDefault = false

    private mutating func threshold() -> Double {
        if let m = minimum { return m.value }
        if !warnedDefault {
            warnedDefault = true
            sink.report(
                .warning(
                    file.location(line: export.headerLine, column: 1), code: "default-bead-threshold",
                    "the INTELLIFLEX export states no minimum bead count; wells with fewer than \(numberText(BeadCountThreshold.commonDefault)) beads are flagged low-bead-count (plate QC applies its configured minimum)"
                ))
        }
        return BeadCountThreshold.commonDefault
    }

    // MARK: wells

    /// The role a `WELL TYPE` cell names (`U1`, `S3`, `C1`, `B`, or the words), nil when unknown.
    static func role(wellType: String) -> WellRole? {
        if let r = WellRole.fromBioPlexType(wellType) { return r }
        let word = WellRole.splitTrailingNumber(wellType.lowercased()).word
        if ["unknown", "unk", "sample", "specimen"].contains(word) { return .unknown }
        let r = WellRole.fromSampleName(wellType)
        return r == .unknown ? nil : r
    }

    mutating func emit() throws {
        let wellColumn = columns.index("WELL LOCATION")!
        let typeColumn = columns.index("WELL TYPE")
        let sampleColumn = columns.index("SAMPLE ID", "SAMPLE", "SAMPLE NAME")
        let dilutionColumn = columns.index("DILUTION", "DILUTION FACTOR")
        let statusColumn = columns.index("WELL STATUS")
        let batch = columns.index("PLATE NAME").map { export.rows[0].field($0).trimmingSpaces } ?? ""
        let minimumExtra = minimum.map { BeadCountThreshold.extraPairs($0.value, source: $0.source) } ?? []
        let statisticColumns = columns.regions.map { r in
            (columns.fields[r] ?? [:]).compactMap { (k, v) -> Int? in if case .statistic = k { return v } else { return nil } }
        }
        var seenWells: [String: Int] = [:]
        var notAcquired: [(row: IntelliflexExport.Row, well: String, status: String)] = []
        var shortRows = 0
        let width = export.header.count

        for row in export.rows {
            let rawWell = row.field(wellColumn).trimmingSpaces
            guard let position = WellPosition(rawWell) else {
                sink.report(
                    .error(
                        location(row, wellColumn), code: "invalid-location",
                        "'\(rawWell)' in WELL LOCATION is not a well like A1 or H12: row skipped"))
                continue
            }
            if let first = seenWells[position.name] {
                sink.report(
                    .error(
                        location(row, wellColumn), code: "duplicate-well",
                        "well \(position.name) appears again (first on line \(first)): row skipped"))
                continue
            }
            seenWells[position.name] = row.line
            if row.fields.count < width {
                shortRows += 1
                if shortRows == 1 {
                    sink.report(
                        .warning(
                            file.location(line: row.line, column: row.fields.count + 1), code: "missing-fields",
                            "row has \(row.fields.count) fields but the header has \(width); the missing cells are read as empty"))
                }
            }
            // A well with no value in any region was never acquired (INTELLIFLEX writes NaN
            // throughout, WELL STATUS Dry/Empty): storing it would create a phantom sample.
            let acquired = statisticColumns.contains { $0.contains { !Self.isMissing(row.field($0)) } }
            guard acquired else {
                notAcquired.append((row, position.name, row.field(statusColumn).trimmingSpaces))
                continue
            }
            try emitWell(
                row, position: position, typeColumn: typeColumn, sampleColumn: sampleColumn,
                dilutionColumn: dilutionColumn, batch: batch, minimumExtra: minimumExtra)
        }
        if shortRows > 1 {
            sink.report(
                .warning(
                    file.location(line: export.rows[0].line), code: "missing-fields",
                    "\(shortRows) rows have fewer fields than the header; their missing cells are read as empty"))
        }
        if let first = notAcquired.first {
            var statuses: [String: Int] = [:]
            for n in notAcquired where !n.status.isEmpty { statuses[n.status, default: 0] += 1 }
            let statusText =
                statuses.isEmpty
                ? ""
                : " (WELL STATUS "
                    + statuses.sorted { $0.key < $1.key }
                    .map { "\($0.key) ×\($0.value)" }.joined(separator: ", ") + ")"
            let wells = notAcquired.map(\.well)
            let shown = wells.prefix(12).joined(separator: ", ") + (wells.count > 12 ? ", …" : "")
            sink.report(
                .warning(
                    location(first.row, wellColumn), code: "well-not-acquired",
                    "\(wells.count) well\(wells.count == 1 ? " has" : "s have") no value in any region\(statusText): \(shown); not stored"))
        }
    }

    private mutating func emitWell(
        _ row: IntelliflexExport.Row, position: WellPosition, typeColumn: Int?, sampleColumn: Int?,
        dilutionColumn: Int?, batch: String, minimumExtra: [(String, String)]
    ) throws {
        let typeText = row.field(typeColumn).trimmingSpaces
        let sampleID = row.field(sampleColumn).trimmingSpaces
        var role = WellRole.fromSampleName(sampleID)
        if !typeText.isEmpty {
            if let r = Self.role(wellType: typeText) {
                role = r
            } else if let c = typeColumn {
                sink.report(
                    .warning(
                        location(row, c), code: "unknown-well-type",
                        "WELL TYPE '\(typeText)' is not U, S, C or B (unknown, standard, control, blank); the role is taken from the sample ID ('\(role.rawValue)')"
                    ))
            }
        }
        // Standards and controls are identified by their numbered type (S1…S8, C1…): the curve
        // layer orders the series by that number, and replicate wells share it. Unknowns by the
        // sample ID the lab typed.
        let typeHasLevel = WellRole.level(of: typeText) != nil && Self.role(wellType: typeText) != nil
        let sample: String
        if role != .unknown, typeHasLevel || sampleID.isEmpty, !typeText.isEmpty {
            sample = typeText
        } else {
            sample = !sampleID.isEmpty ? sampleID : (!typeText.isEmpty ? typeText : position.name)
        }
        let dilutionText = dilutionColumn.map { row.field($0).trimmingSpaces } ?? ""
        var extra: [(String, String)] = [
            ("well", position.name), ("well_type", typeText), ("sample_id", sampleID), ("batch", batch),
            ("dilution", Self.isMissing(dilutionText) ? "" : dilutionText),
        ]
        for (name, key) in Self.perWellColumns {
            if let c = columns.index(name) {
                let v = row.field(c).trimmingSpaces
                extra.append((key, Self.isMissing(v) && key != "well_status" ? "" : v))
            }
        }
        for (name, c) in varyingColumns { extra.append((Self.snake(name), row.field(c).trimmingSpaces)) }
        let context = CytokineWell(sample: sample, role: role, extra: extra)
        let minimumBeads = threshold()

        for region in columns.regions {
            let fields = columns.fields[region] ?? [:]
            guard columns.hasValues(region) else { continue }
            let analyte = analyteNames[region] ?? region.label
            var analyteExtra: [(String, String)] = [("bead_id", region.region), ("reporter", region.reporter)]
            analyteExtra += minimumExtra
            for (field, c) in fields.sorted(by: { $0.value < $1.value }) {
                if case .extra(let key) = field {
                    let v = row.field(c).trimmingSpaces
                    if !Self.isMissing(v) { analyteExtra.append((key, v)) }
                }
            }
            let unitText = fields[.units].map { row.field($0).trimmingSpaces } ?? ""
            let unit = Self.isMissing(unitText) ? "" : unitText
            var out: [Measurement] = []
            var count: Double?
            for statistic in Self.statisticOrder {
                guard let c = fields[.statistic(statistic)] else { continue }
                let text = row.field(c)
                if statistic == CytokineStatistic.expectedConcentration, role != .standard && role != .control { continue }
                if statistic == CytokineStatistic.recovery, role == .unknown || role == .blank, Self.isMissing(text) { continue }
                let loc = location(row, c)
                let value: QualifiedValue?
                if statistic == CytokineStatistic.beadCount {
                    value = QualifiedValue.count(text, at: loc, sink: sink)
                } else {
                    value = QualifiedValue.cell(
                        text, at: loc, what: "\(statistic.rawValue) of \(analyte)",
                        decimalComma: export.decimalComma, sink: sink)
                }
                guard let v = value else { continue }
                if statistic == CytokineStatistic.beadCount, v.qualifier == .inRange { count = v.value }
                let isConcentration = statistic == CytokineStatistic.concentration || statistic == CytokineStatistic.expectedConcentration
                let u = isConcentration ? unit : (statistic == CytokineStatistic.cv || statistic == CytokineStatistic.recovery ? "%" : "")
                out.append(
                    context.measurement(
                        analyte: analyte, statistic: statistic, value: v, unit: u,
                        extra: analyteExtra, line: row.line, column: c + 1))
            }
            if let c = dilutionColumn, !Self.isMissing(dilutionText),
                let v = QualifiedValue.cell(
                    row.field(c), at: location(row, c), what: "dilution",
                    decimalComma: export.decimalComma, sink: sink)
            {
                out.append(
                    context.measurement(
                        analyte: analyte, statistic: CytokineStatistic.dilution, value: v,
                        extra: analyteExtra, line: row.line, column: c + 1))
            }
            if let n = count, n < minimumBeads {
                for i in out.indices { out[i].addFlag(BeadCountThreshold.flag) }
            }
            for m in out { try sink.accept(m) }
        }
    }

    /// `TOTAL ACTIVE EVENTS` → `total_active_events`; `COUNT %CV` → `count_pct_cv`.
    static func snake(_ name: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for ch in name.lowercased() {
            if ch.isLetter || ch.isNumber {
                if pendingUnderscore, !out.isEmpty { out.append("_") }
                pendingUnderscore = false
                out.append(ch)
            } else if ch == "%" {
                if !out.isEmpty { out.append("_") }
                out += "pct"
                pendingUnderscore = true
            } else {
                pendingUnderscore = true
            }
        }
        return out
    }

    // MARK: run table

    func runTable() -> InstrumentRun {
        var run = InstrumentRun()
        let first = export.rows[0]
        run.set("program", "INTELLIFLEX")
        for (name, c) in plateColumns {
            let key = Self.runKeys[IntelliflexColumns.normalised(name)] ?? Self.snake(name)
            let v = first.field(c).trimmingSpaces
            run.set(key, v)
        }
        if let c = columns.index("PLATE START") {
            let raw = first.field(c).trimmingSpaces
            if let iso = DateParsing.isoDate(raw) {
                run.set("run_date", iso)
            } else if !raw.isEmpty {
                sink.report(
                    .warning(
                        location(first, c), code: "ambiguous-date",
                        "PLATE START '\(raw)' is not an ISO date (yyyy-mm-dd); the run date is kept only as written"))
            }
        }
        if let m = minimum {
            run.set("min_bead_count", numberText(m.value))
            run.set("min_bead_count_source", m.source)
        }
        run.set("signature_serial_number", export.signatureSerial ?? "")
        run.set("data_signature", export.signature ?? "")
        reportCalibration(first)
        return run
    }

    /// Calibration, verification and fluidics checks the instrument records per run: a state
    /// other than calibrated/verified/passed, or an expired lot, is worth the lab's attention.
    private func reportCalibration(_ row: IntelliflexExport.Row) {
        for (name, c) in columns.wellLevelOrder {
            let key = IntelliflexColumns.normalised(name)
            let v = row.field(c).trimmingSpaces
            if v.isEmpty || v.caseInsensitiveEquals("N/A") { continue }
            if key.hasSuffix(" EXPIRED"), ["true", "yes", "1"].contains(v.lowercased()) {
                sink.report(
                    .warning(
                        location(row, c), code: "instrument-calibration",
                        "\(name) is '\(v)': the run used an expired calibration or verification lot"))
            } else if key.hasSuffix(" STATE"), !["calibrated", "verified", "passed", "pass", "ok", "valid"].contains(v.lowercased()) {
                sink.report(
                    .warning(
                        location(row, c), code: "instrument-calibration",
                        "\(name) is '\(v)': the instrument was not calibrated/verified when the plate ran"))
            }
        }
    }
}
