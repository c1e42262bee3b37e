import Domain

/// Walks the lines of a MESO plate file: header → data table → trailing sections, as many
/// times as the file has plate tables, emitting one `signal` per well × spot.
struct MESOPlateParser {
    let file: SourceFile
    let sink: MeasurementSink
    var run = InstrumentRun()
    private(set) var tables = 0
    /// Signal values emitted, over all tables.
    private(set) var values = 0

    private enum State { case header, columns, data, trailer }
    private var state = State.header
    /// The current table's header, in file order (repeated keys: the last wins).
    private var header: [(key: String, value: String)] = []
    private var columns: [Int: Int] = [:] // field index → plate column number
    private var rowLabel: String?
    private var rowNumber = 0 // plate row of the current block
    private var spotLine = 0 // lines seen in the current row block
    private var missing = Set<Int>() // spots with an empty line in this table
    private var plateRows = 0, plateColumns = 0

    init(file: SourceFile, sink: MeasurementSink) {
        self.file = file
        self.sink = sink
        run.set("program", "MESO plate reader (Methodical Mind)")
    }

    /// Keys that start a new plate table when they follow a finished one.
    private static let tableStartKeys: Set<String> = ["Digital_Signature", "FileName", "Stack ID", "Plate #"]

    mutating func parse(_ lines: [(number: Int, text: String)]) throws {
        for (number, text) in lines {
            if let banner = MESOLine.banner(text) {
                if state == .data || state == .columns { finishTable() }
                if banner.lowercased() == "data" {
                    guard state == .header else {
                        sink.report(
                            .error(
                                file.location(line: number), code: "unexpected-section-layout",
                                "a Data banner without a plate header before it: table skipped"))
                        state = .trailer
                        continue
                    }
                    state = .columns
                } else {
                    state = .trailer
                }
                continue
            }
            switch state {
            case .header:
                addHeader(text)
            case .trailer:
                if let (key, _) = MESOLine.keyValue(text), Self.tableStartKeys.contains(key) {
                    header = []
                    state = .header
                    addHeader(text)
                }
            case .columns:
                if text.trimmingSpaces.isEmpty { continue }
                readColumns(text, line: number)
                state = .data
            case .data:
                if let (key, _) = MESOLine.keyValue(text), Self.tableStartKeys.contains(key) {
                    // A new table without the trailing sections.
                    finishTable()
                    header = []
                    state = .header
                    addHeader(text)
                    continue
                }
                try readDataLine(text, line: number)
            }
        }
        if state == .data || state == .columns { finishTable() }
    }

    // MARK: - Header

    private mutating func addHeader(_ text: String) {
        if let (key, value) = MESOLine.keyValue(text) {
            header.append((key, value))
        } else if !text.trimmingSpaces.isEmpty, !header.isEmpty {
            // An indented continuation (the spot legend's further lines).
            let extra = text.split(separator: "\t").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " ")
            header[header.count - 1].value += header[header.count - 1].value.isEmpty ? extra : " | " + extra
        }
    }

    private func value(_ key: String) -> String? {
        header.last { $0.key.lowercased() == key.lowercased() }?.value
    }

    /// The spot a table holds when its `SpotID` is a number; nil for `all` (line k is spot k).
    private var singleSpot: Int? { value("SpotID").flatMap { Int($0) } }

    /// Spots per well: `Spots Per Well`, else the number after `Multi-Spot` in `Type`, else 1.
    private var spotsPerWell: Int? {
        if let n = value("Spots Per Well").flatMap({ Int($0) }), n > 0 { return n }
        if let type = value("Type"), let r = type.range(of: "Spot") {
            let digits = String(type[r.upperBound...]).trimmingSpaces
            if let n = Int(digits), n > 0 { return n }
        }
        return nil
    }

    /// The assay names per spot from `Assays : IL-6,IL-8,…` (empty names: none).
    private var assays: [String] {
        (value("Assays") ?? "").split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
    }

    private var plateID: String {
        let barcode = (value("Barcode1") ?? "").filter { $0 != "<" && $0 != ">" }.trimmingSpaces
        return barcode
    }

    // MARK: - Data

    private mutating func readColumns(_ text: String, line: Int) {
        columns = [:]
        for (i, field) in text.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
            if let n = Int(String(field).trimmingSpaces), n >= 1 { columns[i] = n }
        }
        if columns.isEmpty {
            sink.report(
                .error(
                    file.location(line: line), code: "missing-column",
                    "the line after the Data banner should number the plate columns (1, 2, … 12)"))
        }
        rowLabel = nil
        spotLine = 0
        missing = []
        plateRows = 0
        plateColumns = columns.values.max() ?? 0
        tables += 1
        let prefix = tables == 1 ? "" : "table \(tables) "
        for (key, value) in header where !value.isEmpty && key != "Digital_Signature" {
            run.set(prefix + key, value)
        }
    }

    private mutating func readDataLine(_ text: String, line: Int) throws {
        let fields = text.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) }
        // A line without any tab and without text separates row blocks.
        if fields.count <= 1, text.trimmingSpaces.isEmpty { return }
        let label = fields[0].trimmingSpaces
        if !label.isEmpty {
            guard let well = WellPosition(label + "1"), label.allSatisfy({ $0.isLetter }) else {
                sink.report(
                    .error(
                        file.location(line: line, column: 1), code: "invalid-well",
                        "'\(label)' is not a plate row letter (A–P): line skipped"))
                rowLabel = nil
                return
            }
            rowLabel = label.uppercased()
            rowNumber = well.row
            plateRows = max(plateRows, rowNumber)
            spotLine = 0
        }
        guard let row = rowLabel else {
            sink.report(
                .error(
                    file.location(line: line, column: 1), code: "invalid-well",
                    "a signal line before any row letter: line skipped"))
            return
        }
        spotLine += 1
        let spot: Int
        if let single = singleSpot {
            guard spotLine == 1 else {
                sink.report(
                    .error(
                        file.location(line: line, column: 1), code: "unexpected-spot-line",
                        "row \(row) has more than one line, but this table holds only spot \(single) (SpotID): line skipped"))
                return
            }
            spot = single
        } else {
            spot = spotLine
            if let n = spotsPerWell, spot > n {
                sink.report(
                    .error(
                        file.location(line: line, column: 1), code: "unexpected-spot-line",
                        "row \(row) has a line for spot \(spot), but the plate has \(n) spots per well: line skipped"))
                return
            }
        }
        let names = assays
        let assay = spot <= names.count && !names[spot - 1].isEmpty ? names[spot - 1] : "Spot \(spot)"
        var any = false
        for (i, field) in fields.enumerated().dropFirst() {
            let cell = field.trimmingSpaces
            if cell.isEmpty { continue }
            guard let column = columns[i] else {
                sink.report(
                    .error(
                        file.location(line: line, column: i + 1), code: "invalid-well",
                        "value '\(cell)' in field \(i + 1) has no plate column number above it: not stored"))
                continue
            }
            let location = file.location(line: line, column: i + 1)
            guard let v = QualifiedValue.cell(cell, at: location, what: "signal of well \(row)\(column) spot \(spot)", sink: sink) else {
                continue
            }
            any = true
            values += 1
            let wellName = "\(row)\(column)"
            let context = CytokineWell(
                sample: wellName, role: .unknown,
                extra: [("well", wellName), ("spot", String(spot)), ("plate", plateID)])
            try sink.accept(
                context.measurement(
                    analyte: assay, statistic: CytokineStatistic.signal, value: v,
                    line: line, column: i + 1))
        }
        if !any { missing.insert(spot) }
    }

    private mutating func finishTable() {
        let prefix = tables <= 1 ? "" : "table \(tables) "
        if plateRows > 0 { run.set(prefix + "rows_read", String(plateRows)) }
        if !missing.isEmpty {
            run.set(prefix + "missing_spots", missing.sorted().map(String.init).joined(separator: ","))
        }
        state = .trailer
    }
}
