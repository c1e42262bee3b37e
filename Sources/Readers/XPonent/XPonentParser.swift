import Domain

/// Reads an xPONENT CSV into `XPonentExport`. The header block runs until the first
/// `DataType:` line; calibration and lot tables inside it (after `Most Recent Calibration…`,
/// `CALInfo:`, `AssayLotInfo:`) are skipped except for their dates. Each `DataType:` line opens
/// a section whose next line is the column header; the section's rows run until a blank line,
/// the next `DataType:`, or `-- CRC --`. Sections may come in any order and any subset.
enum XPonentParser {
    static func parse(_ file: SourceFile, sink: MeasurementSink) throws -> XPonentExport {
        let reader = try DelimitedReader(path: file.path, displayName: file.displayName)
        reader.warnings.forEach(sink.report)
        var export = XPonentExport()
        export.decimalComma = reader.decimalComma
        var inHeader = true
        var inCalibration = false
        var current: XPonentExport.Section?
        var expectColumnHeader = false
        var afterCRC = false
        var sawProgram = false
        var firstSplitLocation: (line: Int, text: String)?
        var splitLocations = 0

        func close() {
            if let s = current { export.sections.append(s) }
            current = nil
        }

        try reader.forEachRecord { record in
            let first = record.trimmed(0)
            if first == "DataType:" {
                close()
                inHeader = false
                current = XPonentExport.Section(name: record.trimmed(1), line: record.line)
                expectColumnHeader = true
                return true
            }
            if first.hasPrefix("-- CRC --") {
                afterCRC = true
                close()
                inHeader = false
                return true
            }
            if afterCRC, first.hasPrefix("CRC"), let colon = first.firstIndex(of: ":") {
                // `CRC32: 40B50595` (some exports write `CRC1:`).
                export.crc = String(first[first.index(after: colon)...]).trimmingSpaces
                return true
            }
            if inHeader {
                if record.isBlank { return true }
                if !sawProgram {
                    guard first == "Program" else {
                        throw FileRejected(
                            file.location(line: record.line, column: 1), code: "not-xponent",
                            "a Luminex xPONENT export starts with a 'Program' line; this file starts with '\(String(first.prefix(60)))'")
                    }
                    sawProgram = true
                }
                collectDates(record, into: &export)
                switch first {
                case "Results":
                    inCalibration = false
                case "Samples":
                    // Samples,96,Min Events,100,Per Bead
                    export.sampleCount = record.trimmed(1)
                    if record.trimmed(2).caseInsensitiveEquals("Min Events") {
                        export.minEvents = (record.trimmed(3), record.line)
                    }
                    inCalibration = false
                default:
                    if first.hasPrefix("Most Recent Calibration") || first == "CALInfo:" || first == "AssayLotInfo:" {
                        inCalibration = true
                    } else if !inCalibration, !first.isEmpty {
                        var values = (1..<max(record.count, 1)).map { record.trimmed($0) }
                        while values.last?.isEmpty == true { values.removeLast() }
                        export.header.append(.init(key: first, values: values, line: record.line))
                    }
                }
                return true
            }
            guard var section = current else {
                if !record.isBlank {
                    sink.report(
                        .warning(
                            file.location(line: record.line, column: 1), code: "stray-line",
                            "line outside any DataType section ignored: '\(first)'"))
                }
                return true
            }
            if expectColumnHeader {
                expectColumnHeader = false
                if record.isBlank {
                    close()
                    return true
                }
                var names = (0..<record.count).map { record.trimmed($0) }
                while names.last?.isEmpty == true { names.removeLast() }
                section.header = names
                section.headerLine = record.line
                current = section
                return true
            }
            if record.isBlank {
                close()
                return true
            }
            var row = XPonentExport.Row(line: record.line, fields: record.strings)
            if let joined = XPonentLocation.rejoinUnquoted(row.fields) {
                row.fields = joined
                row.columnShift = 1
                if firstSplitLocation == nil { firstSplitLocation = (record.line, row.fields[0]) }
                splitLocations += 1
            }
            section.rows.append(row)
            current = section
            return true
        }
        close()
        if let first = firstSplitLocation {
            sink.report(
                .warning(
                    file.location(line: first.line, column: 1), code: "unquoted-location",
                    "\(splitLocations) location\(splitLocations == 1 ? " is" : "s are") written without quotes (like \(first.text)), so the comma inside split each into two fields; read as one location each"
                ))
        }
        if !sawProgram {
            throw FileRejected(file.location(line: 1), code: "empty-file", "the file is empty")
        }
        return export
    }

    /// Date tokens such as `26/02/2014` or `5/17/2023` anywhere in a header-block record.
    private static func collectDates(_ record: DelimitedRecord, into export: inout XPonentExport) {
        for i in 0..<record.count {
            let s = record.string(i)
            guard s.contains("/") else { continue }
            for token in s.split(whereSeparator: { $0 == " " || $0 == "\t" }) where token.filter({ $0 == "/" }).count == 2 {
                let parts = token.split(separator: "/")
                if parts.count == 3, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
                    export.headerDates.append((String(token), record.line))
                }
            }
        }
    }
}
