import Domain

/// The values of an xPONENT export gathered by well and analyte, ready to be emitted in one
/// order (well, analyte, statistic) whatever order the sections came in.
struct XPonentPlate {
    struct Cell {
        var text: String
        var line: Int
        var column: Int
    }

    struct Well {
        var key: String
        var location: XPonentLocation
        var sample: String
        var line: Int
        /// Statistic → analyte → cell.
        var cells: [Statistic: [String: Cell]] = [:]
        var dilution: Cell?
        var comments: [String: Cell] = [:]
        var totalEvents: String = ""
        var instrumentWarnings: [String] = []
    }

    /// Per-analyte rows (`Units:`, `BeadID:`, `Per Bead:`, `AnalysisType`, `Coefficient A`…):
    /// row label → analyte → cell.
    typealias AnalyteRows = [String: [String: Cell]]

    var wells: [Well] = []
    var wellIndex: [String: Int] = [:]
    /// Analytes in order of first appearance in any per-well section.
    var analytes: [String] = []
    var analyteSeen: Set<String> = []
    var units: AnalyteRows = [:]
    var perBead: AnalyteRows = [:]
    var analysisTypes: AnalyteRows = [:]
    var coefficients: AnalyteRows = [:]
    var rSquared: AnalyteRows = [:]
    /// Analyte order of the analysis sections, for the curve table.
    var curveAnalytes: [String] = []
    /// Reagent (standard or control name) → analyte → cell.
    var standardExpected: [String: [String: Cell]] = [:]
    var controlExpected: [String: [String: Cell]] = [:]
    var notRead: [(name: String, line: Int)] = []
    /// Rows skipped because their Location could not be read, for the rejection message.
    var invalidLocations: [(text: String, line: Int)] = []

    mutating func noteAnalyte(_ a: String) {
        if analyteSeen.insert(a).inserted { analytes.append(a) }
    }
}

/// Turns the sections of an `XPonentExport` into an `XPonentPlate`, reporting layout problems
/// (bad locations, sections without their expected columns) with their line and column.
struct XPonentPlateBuilder {
    let file: SourceFile
    let sink: MeasurementSink
    var plate = XPonentPlate()
    private var seenKinds: [XPonentSectionKind: Int] = [:]
    /// Dilution Factor and Comments rows, attached in `finish()` to the wells the per-well
    /// sections measured (sections come in any order).
    private var pendingDilutions: [XPonentExport.Row] = []
    private var pendingComments: [(row: XPonentExport.Row, columns: [(Int, String)])] = []

    init(file: SourceFile, sink: MeasurementSink) {
        self.file = file
        self.sink = sink
    }

    mutating func add(_ section: XPonentExport.Section) {
        let kind = XPonentSectionKind(sectionName: section.name)
        if kind == .notRead {
            plate.notRead.append((section.name, section.line))
            return
        }
        if let first = seenKinds[kind] {
            sink.report(
                .warning(
                    file.location(line: section.line, column: 2), code: "duplicate-section",
                    "a second '\(section.name)' section is ignored (the first is on line \(first))"))
            return
        }
        seenKinds[kind] = section.line
        if let expected = kind.expectedFirstColumn, !(section.header.first ?? "").caseInsensitiveEquals(expected) {
            let found = section.header.first ?? ""
            sink.report(
                .error(
                    file.location(line: section.headerLine == 0 ? section.line : section.headerLine, column: 1),
                    code: "unexpected-section-layout",
                    "section '\(section.name)' should start with a '\(expected)' column; found '\(found)': section not read"))
            return
        }
        switch kind {
        case .perWell(let statistic): addPerWell(section, statistic)
        case .dilution: addDilution(section)
        case .comments: addComments(section)
        case .units: plate.units = analyteRows(section, curve: false)
        case .perBeadCount: plate.perBead = analyteRows(section, curve: false)
        case .analysisTypes: plate.analysisTypes = analyteRows(section, curve: true)
        case .coefficients: plate.coefficients = analyteRows(section, curve: true)
        case .rSquared: plate.rSquared = analyteRows(section, curve: true)
        case .standardExpected: plate.standardExpected = reagentRows(section)
        case .controlExpected: plate.controlExpected = reagentRows(section)
        case .warnings: addWarnings(section)
        case .notRead: break
        }
    }

    /// The analyte columns of a `Location, Sample, …` header: everything after Sample except
    /// `Total Events` and unnamed (padding) columns.
    private func analyteColumns(_ header: [String]) -> (columns: [(Int, String)], totalEvents: Int?) {
        var cols: [(Int, String)] = []
        var total: Int?
        for i in 2..<max(header.count, 2) {
            let name = header[i]
            if name.isEmpty { continue }
            if name.caseInsensitiveEquals("Total Events") {
                total = i
                continue
            }
            cols.append((i, name))
        }
        return (cols, total)
    }

    /// The well of a row, registering it on first sight. Nil (after an error) when the
    /// location cannot be read.
    private mutating func well(for row: XPonentExport.Row, section: String, register: Bool = true) -> Int? {
        let raw = row.field(0).trimmingSpaces
        guard let location = XPonentLocation(raw) else {
            plate.invalidLocations.append((raw, row.line))
            sink.report(
                .error(
                    file.location(line: row.line, column: 1), code: "invalid-location",
                    "'\(raw)' in section '\(section)' is not a well location like 1(1,A1): row skipped"))
            return nil
        }
        let sample = row.field(1).trimmingSpaces
        let existing =
            plate.wellIndex[raw]
            ?? plate.wells.firstIndex {
                $0.location.plate == location.plate && $0.location.well == location.well
            }
        if let i = existing {
            if plate.wells[i].sample != sample {
                sink.report(
                    .warning(
                        file.location(line: row.line, column: row.column(1)), code: "sample-name-mismatch",
                        "well \(raw) is '\(sample)' here but '\(plate.wells[i].sample)' on line \(plate.wells[i].line); the first name is used"
                    ))
            }
            return i
        }
        guard register else { return nil }
        plate.wellIndex[raw] = plate.wells.count
        plate.wells.append(.init(key: raw, location: location, sample: sample, line: row.line))
        return plate.wells.count - 1
    }

    private mutating func addPerWell(_ section: XPonentExport.Section, _ statistic: Statistic) {
        let (columns, totalIndex) = analyteColumns(section.header)
        for (_, name) in columns { plate.noteAnalyte(name) }
        var seen: Set<String> = []
        for row in section.rows where !row.isRepeatedHeader {
            guard let w = well(for: row, section: section.name) else { continue }
            let key = plate.wells[w].key
            if !seen.insert(key).inserted {
                sink.report(
                    .error(
                        file.location(line: row.line, column: 1), code: "duplicate-well",
                        "well \(key) appears twice in section '\(section.name)': row skipped"))
                continue
            }
            var cells: [String: XPonentPlate.Cell] = [:]
            for (i, name) in columns {
                cells[name] = .init(text: row.field(i), line: row.line, column: row.column(i))
            }
            plate.wells[w].cells[statistic] = cells
            if let t = totalIndex, plate.wells[w].totalEvents.isEmpty {
                plate.wells[w].totalEvents = row.field(t).trimmingSpaces
            }
        }
    }

    private mutating func addDilution(_ section: XPonentExport.Section) {
        pendingDilutions += section.rows.filter { !$0.isRepeatedHeader }
    }

    private mutating func addComments(_ section: XPonentExport.Section) {
        let (columns, _) = analyteColumns(section.header)
        pendingComments += section.rows.filter { !$0.isRepeatedHeader }.map { ($0, columns) }
    }

    /// Attaches dilutions and comments to the wells the per-well sections measured. A Dilution
    /// Factor row for a well no per-well section lists (a plate layout of 96 wells of which 75
    /// were acquired) would otherwise become a phantom sample holding only dilutions: it is not
    /// read, and one warning names those wells.
    mutating func finish() {
        var unmeasured: [XPonentExport.Row] = []
        for row in pendingDilutions {
            guard XPonentLocation(row.field(0).trimmingSpaces) != nil else {
                _ = well(for: row, section: "Dilution Factor") // reports invalid-location
                continue
            }
            guard let w = well(for: row, section: "Dilution Factor", register: false) else {
                unmeasured.append(row)
                continue
            }
            plate.wells[w].dilution = .init(text: row.field(2), line: row.line, column: row.column(2))
        }
        for (row, columns) in pendingComments {
            guard let w = well(for: row, section: "Comments", register: false) else { continue }
            for (i, name) in columns {
                let text = row.field(i).trimmingSpaces
                if !text.isEmpty { plate.wells[w].comments[name] = .init(text: text, line: row.line, column: row.column(i)) }
            }
        }
        pendingDilutions = []
        pendingComments = []
        guard let first = unmeasured.first, !plate.wells.isEmpty else { return }
        let names = unmeasured.map { "\($0.field(1).trimmingSpaces) at \($0.field(0).trimmingSpaces)" }
        let shown = names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", … (\(names.count) in all)" : "")
        sink.report(
            .warning(
                file.location(line: first.line, column: 1), code: "dilution-without-measurement",
                "the Dilution Factor section lists \(unmeasured.count) well\(unmeasured.count == 1 ? "" : "s") that no data section measured (never acquired): \(shown); their dilutions are not read"
            ))
    }

    private mutating func addWarnings(_ section: XPonentExport.Section) {
        for row in section.rows {
            let raw = row.field(0).trimmingSpaces
            guard let location = XPonentLocation(raw) else { continue }
            let message = [row.field(1), row.field(2)].map(\.trimmingSpaces).filter { !$0.isEmpty }.joined(separator: ": ")
            for i in plate.wells.indices
            where plate.wells[i].location.plate == location.plate
                && plate.wells[i].location.well == location.well
            {
                plate.wells[i].instrumentWarnings.append(message)
            }
        }
    }

    /// `Analyte:`-headed rows. Curve sections also record their analyte order.
    private mutating func analyteRows(_ section: XPonentExport.Section, curve: Bool) -> XPonentPlate.AnalyteRows {
        var out: XPonentPlate.AnalyteRows = [:]
        let names = Array(section.header.dropFirst())
        if curve {
            for name in names where !name.isEmpty && !plate.curveAnalytes.contains(name) { plate.curveAnalytes.append(name) }
        }
        for row in section.rows {
            let label = row.field(0).trimmingSpaces
            if label.isEmpty { continue }
            var cells: [String: XPonentPlate.Cell] = [:]
            for (k, name) in names.enumerated() where !name.isEmpty {
                cells[name] = .init(text: row.field(k + 1).trimmingSpaces, line: row.line, column: k + 2)
            }
            out[label] = cells
        }
        return out
    }

    private func reagentRows(_ section: XPonentExport.Section) -> [String: [String: XPonentPlate.Cell]] {
        var out: [String: [String: XPonentPlate.Cell]] = [:]
        let names = Array(section.header.dropFirst())
        for row in section.rows {
            let reagent = row.field(0).trimmingSpaces
            if reagent.isEmpty { continue }
            var cells: [String: XPonentPlate.Cell] = [:]
            for (k, name) in names.enumerated() where !name.isEmpty {
                cells[name] = .init(text: row.field(k + 1), line: row.line, column: k + 2)
            }
            out[reagent] = cells
        }
        return out
    }
}
