import Domain
import Foundation

/// Emits the measurements, run metadata and curves of an xPONENT plate.
struct XPonentEmitter {
    let file: SourceFile
    let export: XPonentExport
    let plate: XPonentPlate
    let sink: MeasurementSink
    private var warnedDefaultThreshold = false

    init(file: SourceFile, export: XPonentExport, plate: XPonentPlate, sink: MeasurementSink) {
        self.file = file
        self.export = export
        self.plate = plate
        self.sink = sink
    }

    private var decimalComma: Bool { export.decimalComma }

    private func location(_ cell: XPonentPlate.Cell) -> SourceLocation {
        file.location(line: cell.line, column: cell.column)
    }

    // MARK: measurements

    mutating func emitMeasurements() throws {
        let batch = export.headerValue("Batch")?.first ?? ""
        let thresholds = beadThresholds()
        for well in plate.wells {
            let role = WellRole.fromSampleName(well.sample)
            let dilution = well.dilution.map(\.text.trimmingSpaces) ?? ""
            let context = CytokineWell(
                sample: well.sample, role: role,
                extra: [
                    ("well", well.location.well.name), ("location", well.key), ("plate", String(well.location.plate)),
                    ("acquisition_order", well.location.acquisitionOrder.map(String.init) ?? ""),
                    ("batch", batch), ("dilution", dilution), ("total_events", well.totalEvents),
                    ("instrument_warning", well.instrumentWarnings.joined(separator: " | ")),
                ])
            for analyte in plate.analytes {
                var out: [Domain.Measurement] = []
                let beadID = plate.units["BeadID:"]?[analyte]?.text ?? plate.perBead["BeadID:"]?[analyte]?.text ?? ""
                let minimum = threshold(for: analyte, thresholds)
                let analyteExtra =
                    [("bead_id", beadID)]
                    + (minimum.source.map { BeadCountThreshold.extraPairs(minimum.value, source: $0) } ?? [])
                let unit = plate.units["Units:"]?[analyte]?.text ?? ""
                var count: Double?

                func add(
                    _ statistic: Statistic, _ cell: XPonentPlate.Cell, unit: String = "", extra: [(String, String)] = [],
                    skipEmpty: Bool = false, isCount: Bool = false, comment: String = ""
                ) {
                    if skipEmpty, cell.text.trimmingSpaces.isEmpty { return }
                    let value: QualifiedValue?
                    if isCount {
                        value = QualifiedValue.count(cell.text, at: location(cell), sink: sink)
                    } else {
                        value = QualifiedValue.cell(
                            cell.text, at: location(cell), what: "\(statistic.rawValue) of \(analyte)",
                            decimalComma: decimalComma, sink: sink)
                    }
                    guard var v = value else { return }
                    if isCount, v.qualifier == .inRange { count = v.value }
                    if statistic == CytokineStatistic.concentration, v.qualifier == .inRange,
                        comment.lowercased().contains("extrapolated")
                    {
                        // xPONENT writes extrapolated results as plain numbers and says so in Comments.
                        v.qualifier = .extrapolated
                        v.raw = cell.text.trimmingSpaces
                    }
                    out.append(
                        context.measurement(
                            analyte: analyte, statistic: statistic, value: v, unit: unit,
                            extra: analyteExtra + extra, line: cell.line, column: cell.column))
                }

                if let c = well.cells[CytokineStatistic.mfi]?[analyte] { add(CytokineStatistic.mfi, c) }
                if let c = well.cells[CytokineStatistic.netMFI]?[analyte] { add(CytokineStatistic.netMFI, c) }
                if let c = well.cells[CytokineStatistic.beadCount]?[analyte] { add(CytokineStatistic.beadCount, c, isCount: true) }
                if let c = well.cells[CytokineStatistic.concentration]?[analyte] {
                    let comment = well.comments[analyte]?.text ?? ""
                    add(CytokineStatistic.concentration, c, unit: unit, extra: [("comment", comment)], comment: comment)
                }
                if let c = expectedCell(sample: well.sample, role: role, analyte: analyte) {
                    add(CytokineStatistic.expectedConcentration, c, unit: unit)
                }
                if let c = well.cells[CytokineStatistic.recovery]?[analyte] {
                    add(CytokineStatistic.recovery, c, unit: "%", skipEmpty: role == .unknown || role == .blank)
                }
                if let c = well.cells[CytokineStatistic.cv]?[analyte] { add(CytokineStatistic.cv, c, unit: "%") }
                if let c = well.dilution { add(CytokineStatistic.dilution, c, skipEmpty: true) }

                if let n = count, n < minimum.value {
                    for i in out.indices { out[i].addFlag(BeadCountThreshold.flag) }
                }
                for m in out { try sink.accept(m) }
            }
        }
    }

    /// The expected-concentration cell of a standard or control well, exactly as written. Whether
    /// a standard's value fits its dilution series (a decimal separator lost in a locale
    /// round-trip writes `215625` for 215.625) is the curve layer's decision, not the reader's.
    private func expectedCell(sample: String, role: WellRole, analyte: String) -> XPonentPlate.Cell? {
        switch role {
        case .standard:
            return plate.standardExpected[sample]?[analyte]
        case .control:
            return plate.controlExpected[sample]?[analyte]
        case .blank, .unknown:
            return nil
        }
    }

    // MARK: bead-count threshold

    private struct Thresholds {
        var perAnalyte: [String: (value: Double, line: Int)]
        var minEvents: (value: Double, line: Int)?
    }

    private func beadThresholds() -> Thresholds {
        var per: [String: (Double, Int)] = [:]
        for (analyte, cell) in plate.perBead["Per Bead:"] ?? [:] {
            if let v = NumberParsing.double(cell.text), v > 0 { per[analyte] = (v, cell.line) }
        }
        let min = export.minEvents.flatMap { m in NumberParsing.double(m.text).flatMap { $0 > 0 ? ($0, m.line) : nil } }
        return Thresholds(perAnalyte: per, minEvents: min)
    }

    /// The analyte's `Per Bead` count, else the header's `Min Events`, else the common default
    /// (warned about once). `source` says where the file states it; nil for the default, so
    /// that plate QC applies its own configured minimum there.
    private mutating func threshold(for analyte: String, _ t: Thresholds) -> (value: Double, source: String?) {
        if let v = t.perAnalyte[analyte] { return (v.value, "Per Bead Count, line \(v.line)") }
        if let v = t.minEvents { return (v.value, "Min Events, line \(v.line)") }
        if !warnedDefaultThreshold {
            warnedDefaultThreshold = true
            let loc = export.minEvents.map { file.location(line: $0.line, column: 4) } ?? file.location()
            sink.report(
                .warning(
                    loc, code: "default-bead-threshold",
                    "the file states no minimum bead count (Min Events is empty and there is no Per Bead Count section); wells with fewer than \(numberText(BeadCountThreshold.commonDefault)) beads are flagged low-bead-count"
                ))
        }
        return (BeadCountThreshold.commonDefault, nil)
    }

    // MARK: tables

    func runTable() -> InstrumentRun {
        var run = InstrumentRun()
        let program = export.headerValue("Program") ?? []
        run.set("program", program.first ?? "")
        run.set("instrument", program.dropFirst().first(where: { !$0.isEmpty }) ?? "")
        run.set("build", export.headerValue("Build")?.first ?? "")
        run.set("serial_number", export.headerValue("SN")?.first ?? "")
        run.set("batch", export.headerValue("Batch")?.first ?? "")
        let decision = XPonentDateOrder.decide(
            dates: export.headerDates,
            countryCode: export.headerValue("Country Code")?.first)
        if let date = export.headerValue("Date") {
            let raw = date.filter { !$0.isEmpty }.joined(separator: " ")
            run.set("run_date_raw", raw)
            if let iso = XPonentDateOrder.iso(date.first ?? "", order: decision.order) {
                run.set("run_date", iso)
            } else if let line = export.header.first(where: { $0.key == "Date" })?.line {
                sink.report(
                    .warning(
                        file.location(line: line, column: 2), code: "ambiguous-date",
                        "run date '\(raw)' kept as written: \(decision.reason)"))
            }
            if date.count > 1 { run.set("run_time", date[1]) }
        }
        if let order = decision.order { run.set("date_order", "\(order.rawValue): \(decision.reason)") }
        for (key, name) in [("BatchStartTime", "batch_start"), ("BatchStopTime", "batch_stop")] {
            if let v = export.headerValue(key)?.first {
                run.set(name + "_raw", v)
                if let iso = XPonentDateOrder.iso(v, order: decision.order) { run.set(name + "_date", iso) }
            }
        }
        run.set("protocol_name", export.headerValue("ProtocolName")?.first ?? "")
        run.set("protocol_version", export.headerValue("ProtocolVersion")?.first ?? "")
        run.set("panel_name", export.headerValue("PanelName")?.first ?? "")
        run.set("operator", export.headerValue("Operator")?.first ?? "")
        run.set("sample_count", export.sampleCount ?? "")
        run.set("min_events_per_bead", export.minEvents?.text ?? "")
        let types = plate.curveAnalytes.compactMap { plate.analysisTypes["AnalysisType"]?[$0]?.text }
        var distinct: [String] = []
        for t in types where !t.isEmpty && !distinct.contains(t) { distinct.append(t) }
        run.set("analysis_types", distinct.joined(separator: "; "))
        run.set("crc32", export.crc ?? "")
        let named: Set<String> = [
            "Program", "Build", "SN", "Batch", "Date", "BatchStartTime", "BatchStopTime",
            "ProtocolName", "ProtocolVersion", "PanelName", "Operator",
        ]
        for line in export.header where !named.contains(line.key) {
            run.set(line.key, line.values.filter { !$0.isEmpty }.joined(separator: "; "))
        }
        return run
    }

    func curves() -> [InstrumentCurve] {
        var out: [InstrumentCurve] = []
        for analyte in plate.curveAnalytes {
            let type = plate.analysisTypes["AnalysisType"]?[analyte]?.text ?? ""
            var curve = InstrumentCurve(analyte: analyte, model: type)
            var any = false
            func coefficient(_ letter: String) -> Double {
                guard let cell = plate.coefficients["Coefficient \(letter)"]?[analyte] else { return .nan }
                if cell.text.isEmpty || cell.text.caseInsensitiveEquals("NaN") { return .nan }
                guard let v = NumberParsing.double(cell.text, decimalComma: decimalComma) else {
                    sink.report(
                        .error(
                            location(cell), code: "non-numeric-value",
                            "curve coefficient \(letter) of \(analyte) '\(cell.text)' is not a number"))
                    return .nan
                }
                any = true
                return v
            }
            curve.a = coefficient("A")
            curve.b = coefficient("B")
            curve.c = coefficient("C")
            curve.d = coefficient("D")
            curve.f = coefficient("F")
            if curve.f.isNaN, type.contains("4P"), any {
                // A 4-parameter logistic is the 5-parameter form with F = 1.
                curve.f = 1
            }
            if let cell = plate.rSquared["Value"]?[analyte], let v = NumberParsing.double(cell.text, decimalComma: decimalComma) {
                curve.r2 = v
                any = true
            }
            if type.isEmpty || type.caseInsensitiveEquals("None"), !any { continue }
            out.append(curve)
        }
        return out
    }
}
