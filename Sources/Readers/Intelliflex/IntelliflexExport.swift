import Domain

/// An INTELLIFLEX per-well CSV as read from disk, before interpretation: the header row, one row
/// per well, and the `--DOCUMENT SIGNATURE--` block that may close the file.
struct IntelliflexExport {
    typealias Row = TextRow

    var header: [String] = []
    var headerLine = 0
    var rows: [Row] = []
    /// `Instrument Serial Number: …` and the signature lines of the closing block.
    var signatureSerial: String?
    var signature: String?
    var signatureLine: Int?
    var decimalComma = false

    /// Reads the file. The first non-blank line is the header; well rows run until a blank line
    /// or a line starting with `--` (the signature block). Lines after the block's own lines
    /// that are not blank are reported as `stray-line` warnings, never silently dropped.
    static func read(_ file: SourceFile, sink: MeasurementSink) throws -> IntelliflexExport {
        let reader = try DelimitedReader(path: file.path, displayName: file.displayName)
        reader.warnings.forEach(sink.report)
        var export = IntelliflexExport()
        export.decimalComma = reader.decimalComma
        enum Part { case header, rows, signature, after }
        var part = Part.header
        var signatureLines: [String] = []
        var expectSignature = false
        try reader.forEachRecord { record in
            switch part {
            case .header:
                if record.isBlank { return true }
                var names = record.strings
                while names.last?.trimmingSpaces.isEmpty == true { names.removeLast() }
                export.header = names
                export.headerLine = record.line
                part = .rows
            case .rows:
                let first = record.trimmed(0)
                if first.hasPrefix("--") {
                    part = .signature
                    export.signatureLine = record.line
                    return true
                }
                if record.isBlank {
                    part = .after
                    return true
                }
                export.rows.append(Row(line: record.line, fields: record.strings))
            case .signature, .after:
                if record.isBlank { return true }
                // The block is free text: rejoin what the comma split.
                let text = record.strings.joined(separator: ",").trimmingSpaces
                if part == .after, text.hasPrefix("--") {
                    part = .signature
                    export.signatureLine = record.line
                    return true
                }
                guard part == .signature else {
                    sink.report(
                        .warning(
                            file.location(line: record.line, column: 1), code: "stray-line",
                            "line after the well rows ignored: '\(String(text.prefix(60)))'"))
                    return true
                }
                if let colon = text.firstIndex(of: ":") {
                    let key = String(text[..<colon]).trimmingSpaces.lowercased()
                    let value = String(text[text.index(after: colon)...]).trimmingSpaces
                    if key == "instrument serial number" {
                        export.signatureSerial = value
                        return true
                    }
                    if key == "data signature" {
                        expectSignature = true
                        if !value.isEmpty { signatureLines.append(value) }
                        return true
                    }
                }
                if expectSignature {
                    signatureLines.append(text)
                } else {
                    sink.report(
                        .warning(
                            file.location(line: record.line, column: 1), code: "stray-line",
                            "line in the document signature block not understood, ignored: '\(String(text.prefix(60)))'"))
                }
            }
            return true
        }
        if !signatureLines.isEmpty { export.signature = signatureLines.joined() }
        return export
    }
}
