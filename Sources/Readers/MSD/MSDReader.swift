import Domain

/// Meso Scale Discovery Workbench plate exports as CSV (or tab-separated text). The table and
/// what is read from it are described in `MSDWorkbenchTable`, shared with `MSDXlsxReader`.
public struct MSDReader: MeasurementReader {
    public let format = SourceFormat(id: "msd-csv", parserVersion: "1.2.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        preview.lines(8).contains { line in
            MSDWorkbenchTable.isHeader(
                line.split(separator: line.contains("\t") ? "\t" : ",").map {
                    String($0).trimmingSpaces.filter { $0 != "\"" }
                })
        }
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let reader = try DelimitedReader(path: file.path, displayName: file.displayName)
        reader.warnings.forEach(sink.report)
        var table = MSDWorkbenchTable(file: file) { file.location(line: $0, column: $1) }
        try reader.forEachRecord { record in
            try table.add(.init(line: record.line, fields: record.strings))
            return true
        }
        try table.emit(into: sink, decimalComma: reader.decimalComma)
    }
}
