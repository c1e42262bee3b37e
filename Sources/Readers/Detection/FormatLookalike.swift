import Domain

/// Why a file that no reader recognises was refused, in the lab's words. A file that carries the
/// marks of a known instrument's export (xPONENT's `DataType:` sections, INTELLIFLEX's
/// `R25: RP1 MEDIAN` columns, an Excel workbook) but not its structure is named after that
/// instrument, with what is missing; anything else gets its first line quoted, never a bare
/// "unknown format".
enum FormatLookalike {

    static func explain(_ preview: SourcePreview, known: String) -> FileRejected {
        let file = preview.file
        if preview.head.isEmpty {
            return FileRejected(file.location(line: 1), code: "empty-file", "the file is empty (0 bytes)")
        }
        if preview.head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return FileRejected(
                file.location(line: 1), code: "format-lookalike",
                "this is a legacy Excel 97-2003 workbook (.xls, an OLE2 compound file) that no reader here recognises; if it is an instrument export, save it as .xlsx or CSV from Excel"
            )
        }
        if preview.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return FileRejected(
                file.location(line: 1), code: "format-lookalike",
                "this is a ZIP archive (an .xlsx workbook or similar) in which no reader found its sheets (a Bio-Plex export has one sheet per analyte with a 'Type, Well, Description, FI…' table)"
            )
        }
        let lines = preview.lines(2)
        let first = lines.first ?? ""
        let firstUnquoted = first.filter { $0 != "\"" }
        let quotedFirst = "'" + String(firstUnquoted.prefix(60)) + (firstUnquoted.count > 60 ? "…" : "") + "'"

        // Luminex xPONENT: a header block starting `Program,xPONENT`, then `DataType:` sections.
        let hasDataType = preview.mentions("DataType:")
        let startsWithProgram =
            firstUnquoted.hasPrefix("Program,") || firstUnquoted.hasPrefix("Program;")
            || firstUnquoted.hasPrefix("Program\t")
        if hasDataType && !startsWithProgram {
            let line = lineNumber(of: "DataType:", in: preview.text)
            return FileRejected(
                file.location(line: 1, column: 1), code: "format-lookalike",
                "this looks like a Luminex xPONENT export ('DataType:' sections, the first on line \(line)) but its first line is \(quotedFirst), not 'Program,xPONENT,…': the header block is missing, so the file was cut or copied from part of an export"
            )
        }
        if startsWithProgram && !hasDataType {
            return FileRejected(
                file.location(line: 1, column: 1), code: "format-lookalike",
                "this starts like a Luminex xPONENT export (a 'Program' line) but has no 'DataType:' section in its first 64 KiB: only the header block was exported, or the file was cut short"
            )
        }

        // Luminex INTELLIFLEX per-well export: a `WELL LOCATION` column and `R25: RP1 …` columns.
        let delimiter: Character =
            first.contains("\t") ? "\t" : (first.filter { $0 == ";" }.count > first.filter { $0 == "," }.count ? ";" : ",")
        let names = first.split(separator: delimiter, omittingEmptySubsequences: false).map {
            String($0).filter { $0 != "\"" }.trimmingSpaces
        }
        let regionColumns = names.filter { IntelliflexColumns.regionColumn($0) != nil }
        let hasWellLocation = names.contains { IntelliflexColumns.normalised($0) == "WELL LOCATION" }
        if let example = regionColumns.first, !hasWellLocation {
            return FileRejected(
                file.location(line: 1, column: 1), code: "format-lookalike",
                "this looks like a Luminex INTELLIFLEX per-well export (region columns such as '\(example)') but it has no 'WELL LOCATION' column, so values cannot be tied to wells"
            )
        }
        if hasWellLocation,
            names.contains(where: { ["INSTRUMENT TYPE", "SAMPLE ID", "WELL TYPE"].contains(IntelliflexColumns.normalised($0)) })
        {
            let detail =
                regionColumns.isEmpty
                ? "it has no region column such as 'R25: RP1 MEDIAN'"
                : "none of its region columns (\(regionColumns.prefix(3).joined(separator: ", "))) holds a value such as MEDIAN, NET MEDIAN or COUNT"
            return FileRejected(
                file.location(line: 1, column: 1), code: "format-lookalike",
                "this looks like a Luminex INTELLIFLEX per-well export (a 'WELL LOCATION' column) but \(detail)")
        }
        if first.isEmpty {
            return FileRejected(
                file.location(line: 1), code: "unknown-format",
                "no reader recognises this file: its first 64 KiB hold no text line (known formats: \(known))")
        }
        return FileRejected(
            file.location(line: 1), code: "unknown-format",
            "no reader recognises this file, whose first line is \(quotedFirst) (known formats: \(known))")
    }

    /// 1-based line of the first occurrence of `needle` in `text`.
    static func lineNumber(of needle: String, in text: String) -> Int {
        guard let r = text.range(of: needle) else { return 1 }
        var line = 1
        var previousCR = false
        for c in text.unicodeScalars[..<r.lowerBound] {
            if c == "\n" {
                if !previousCR { line += 1 }
                previousCR = false
            } else if c == "\r" {
                line += 1
                previousCR = true
            } else {
                previousCR = false
            }
        }
        return line
    }
}
