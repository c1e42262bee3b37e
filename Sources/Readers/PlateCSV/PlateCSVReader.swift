import Domain

/// The generic plate CSV (`plate-csv`) for assays without an instrument reader: LEGENDplex and
/// CBA (flow-cytometry bead assays), ELISA. One row per well × analyte; the format is specified
/// in `docs/plate-csv.md`. Comma, semicolon (decimal comma) and tab files all work.
public struct PlateCSVReader: MeasurementReader {
    public let format = SourceFormat(id: "plate-csv", parserVersion: "1.0.0")
    public init() {}

    /// Column name (lowercased) → what it holds.
    enum Column: String, CaseIterable {
        case well, sample, analyte, type, plate, unit
        case mfi, netMFI, signal, beadCount, concentration, expected, recovery, cv, dilution

        static let names: [String: Column] = [
            "well": .well, "sample": .sample, "analyte": .analyte, "type": .type, "plate": .plate, "unit": .unit,
            "mfi": .mfi, "net mfi": .netMFI, "signal": .signal, "bead count": .beadCount,
            "concentration": .concentration, "expected concentration": .expected, "recovery": .recovery,
            "% recovery": .recovery, "cv": .cv, "%cv": .cv, "dilution": .dilution,
        ]

        var statistic: Statistic? {
            switch self {
            case .mfi: return CytokineStatistic.mfi
            case .netMFI: return CytokineStatistic.netMFI
            case .signal: return CytokineStatistic.signal
            case .beadCount: return CytokineStatistic.beadCount
            case .concentration: return CytokineStatistic.concentration
            case .expected: return CytokineStatistic.expectedConcentration
            case .recovery: return CytokineStatistic.recovery
            case .cv: return CytokineStatistic.cv
            case .dilution: return CytokineStatistic.dilution
            default: return nil
            }
        }
    }

    static let required: [Column] = [.well, .sample, .analyte, .type]
    static let values: [Column] = [.mfi, .netMFI, .signal, .beadCount, .concentration, .expected, .recovery, .cv, .dilution]

    public func recognizes(_ preview: SourcePreview) -> Bool {
        guard let header = preview.lines(1).first else { return false }
        let delimiter: Character =
            header.contains("\t") ? "\t" : (header.filter { $0 == ";" }.count > header.filter { $0 == "," }.count ? ";" : ",")
        let found = Set(
            header.split(separator: delimiter).compactMap {
                Column.names[String($0).filter { $0 != "\"" }.trimmingSpaces.lowercased()]
            })
        return Self.required.allSatisfy(found.contains) && [Column.mfi, .signal, .concentration].contains(where: found.contains)
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let reader = try DelimitedReader(path: file.path, displayName: file.displayName)
        reader.warnings.forEach(sink.report)
        let decimalComma = reader.decimalComma
        var columns: [Column: Int]?
        var unknown: [(Int, String)] = []
        var warnedThreshold = false
        var rows = 0
        try reader.forEachRecord { record in
            guard let c = columns else {
                var map: [Column: Int] = [:]
                for i in 0..<record.countIgnoringTrailingEmpty {
                    let raw = record.trimmed(i)
                    guard let col = Column.names[raw.lowercased()] else {
                        if !raw.isEmpty { unknown.append((i, raw)) }
                        continue
                    }
                    if let first = map[col] {
                        throw FileRejected(
                            file.location(line: record.line, column: i + 1), code: "duplicate-column",
                            "column '\(raw)' repeats column \(first + 1)")
                    }
                    map[col] = i
                }
                let missing = Self.required.filter { map[$0] == nil }
                if !missing.isEmpty {
                    throw FileRejected(
                        file.location(line: record.line), code: "missing-column",
                        "required column\(missing.count > 1 ? "s" : "") missing: \(missing.map { $0.rawValue.capitalized }.joined(separator: ", "))"
                    )
                }
                if ![Column.mfi, .signal, .concentration].contains(where: { map[$0] != nil }) {
                    throw FileRejected(
                        file.location(line: record.line), code: "missing-column",
                        "no value column: a plate CSV needs MFI, Signal or Concentration")
                }
                columns = map
                return true
            }
            if record.isBlank { return true }
            rows += 1
            func text(_ col: Column) -> String { c[col].map { record.trimmed($0) } ?? "" }
            func fail(_ col: Column, _ code: String, _ message: String) {
                sink.report(.error(file.location(line: record.line, column: c[col]! + 1), code: code, message + ": row skipped"))
            }
            let sample = text(.sample), analyte = text(.analyte), typeText = text(.type)
            if sample.isEmpty {
                fail(.sample, "missing-sample", "sample is empty")
                return true
            }
            if analyte.isEmpty {
                fail(.analyte, "missing-analyte", "analyte is empty")
                return true
            }
            guard let well = WellPosition(text(.well)) else {
                fail(.well, "invalid-well", "'\(text(.well))' is not a well like A1 or A01")
                return true
            }
            guard let role = Self.role(typeText) else {
                fail(.type, "unknown-well-type", "type '\(typeText)' is not standard, control, blank or unknown")
                return true
            }
            var extra: [(String, String)] = [("well", well.name), ("plate", text(.plate))]
            for (i, name) in unknown { extra.append((name, record.trimmed(i))) }
            let context = CytokineWell(sample: sample, role: role, extra: extra)
            var out: [Domain.Measurement] = []
            var count: Double?
            for col in Self.values {
                guard let i = c[col], let statistic = col.statistic else { continue }
                let cell = record.string(i)
                if cell.trimmingSpaces.isEmpty { continue }
                let loc = file.location(line: record.line, column: i + 1)
                let parsed =
                    col == .beadCount
                    ? QualifiedValue.count(cell, at: loc, sink: sink)
                    : QualifiedValue.cell(cell, at: loc, what: "\(col.rawValue) of \(analyte)", decimalComma: decimalComma, sink: sink)
                guard let v = parsed else { continue }
                if col == .beadCount, v.qualifier == .inRange { count = v.value }
                let unit: String
                switch col {
                case .concentration, .expected: unit = text(.unit)
                case .recovery, .cv: unit = "%"
                default: unit = ""
                }
                out.append(
                    context.measurement(
                        analyte: analyte, statistic: statistic, value: v, unit: unit,
                        line: record.line, column: i + 1))
            }
            if let n = count {
                if !warnedThreshold {
                    warnedThreshold = true
                    sink.report(
                        .warning(
                            file.location(line: record.line, column: c[.beadCount]! + 1), code: "default-bead-threshold",
                            "a plate CSV states no minimum bead count; rows with fewer than \(numberText(BeadCountThreshold.commonDefault)) beads are flagged low-bead-count"
                        ))
                }
                if n < BeadCountThreshold.commonDefault { for i in out.indices { out[i].addFlag(BeadCountThreshold.flag) } }
            }
            for m in out { try sink.accept(m) }
            return true
        }
        if columns == nil { throw FileRejected(file.location(), code: "empty-file", "the file is empty: no header row") }
        if rows == 0 { throw FileRejected(file.location(line: 1), code: "no-rows", "the file has a header but no rows") }
    }

    /// `standard`/`std`/`S1`, `control`/`C2`, `blank`/`background`/`B`, `unknown`/`sample`/`X3`.
    static func role(_ text: String) -> WellRole? {
        let lower = text.trimmingSpaces.lowercased()
        if lower == "unknown" || lower == "sample" { return .unknown }
        if lower.isEmpty { return nil }
        let role = WellRole.fromSampleName(lower)
        if role != .unknown { return role }
        return WellRole.fromBioPlexType(lower)
    }
}
