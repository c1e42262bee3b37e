import Domain

/// FlowJo 9 (Mac) table export (`flowjo9-tsv`): tab-separated, classic-Mac CR line endings,
/// MacRoman text, headers `Gate/Path,Statistic` (the statistic after the last comma that starts
/// one: quadrant names such as `Q1: IL-17A–, IFNg+` contain commas), sample cells numbered by
/// FlowJo (`1: Specimen_003_Spleen_001_045.fcs`; the number is dropped), closing `Mean` and
/// `StdDev` rows (dropped). Statistic names are FlowJo's, as in `FlowJoTableReader`. An empty
/// cell is a value FlowJo did not export: skipped, counted, reported once per file. Encoding
/// fallback, line endings and the rest of the row rules are those of `FlowJoTableParser`.
public struct FlowJo9TableReader: MeasurementReader {
    public let format = SourceFormat(id: "flowjo9-tsv", parserVersion: "1.0.0")
    public init() {}

    /// A tab-separated header with a `…,<FlowJo statistic>` cell, then a numbered sample row.
    public func recognizes(_ preview: SourcePreview) -> Bool {
        let lines = preview.lines(2)
        guard lines.count == 2, lines[0].contains("\t") else { return false }
        let hasStatistic = lines[0].split(separator: "\t").contains {
            FlowJoTableColumns.split(String($0), style: .comma) != nil
        }
        guard hasStatistic else { return false }
        let firstCell = lines[1].prefix { $0 != "\t" }
        let digits = firstCell.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && firstCell.dropFirst(digits.count).first == ":"
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        try FlowJoTableParser(file: file, style: .comma, stripsRowNumbers: true, delimiter: 0x09)
            .read(into: sink)
    }
}
