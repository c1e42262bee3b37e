import Domain

/// FlowJo 10 table-editor export (`flowjo-table`): CSV (or semicolon / tab) with the FCS file
/// name in the first column (empty header cell) and one column per `Gate/Path | Statistic`:
///
///     ,Lymphocytes | Count,Lymphocytes/Single Cells/CD4+ | Freq. of Parent (%),…
///     Donor01_Tube_001.fcs,35211,48.7,…
///     Mean,…
///     SD,…
///
/// Statistics: `Count` → `count` (events); `Freq. of Parent|Grandparent|Total` →
/// `freq_of_parent|grandparent|total`; `Freq. of <gate>` → `freq_of` with the enclosing gate of
/// that name as denominator (its full path); `Median (<channel>)`, `Median : <channel>`, `Mean`,
/// `Geometric Mean`, `CV` and FlowJo's other channel statistics → the statistic with `parameter`
/// = the channel text as written. Frequencies are in % (an optional ` (%)` suffix is accepted).
///
/// The analyte is the full gate path as written; mapping to canonical populations happens later.
/// Denominators are source-level too: the ancestor's full path, "" when it is the whole sample.
/// Columns the user named ("Treg Count") keep their header as analyte; the statistic is inferred
/// only when the name is unambiguous, otherwise the column is reported and kept as `value`.
/// FCS keyword columns (`$DATE`, `TUBE NAME`) go to each measurement's `extra`.
/// An empty cell is a value FlowJo did not export: it is skipped (no NaN row), counted, and
/// reported in one warning per file. Summary rows, controls, counts: see `FlowJoTableParser`.
public struct FlowJoTableReader: MeasurementReader {
    public let format = SourceFormat(id: "flowjo-table", parserVersion: "1.0.0")
    public init() {}

    /// A header cell `… | <FlowJo statistic>` in the first line.
    public func recognizes(_ preview: SourcePreview) -> Bool {
        guard let header = preview.lines(1).first else { return false }
        var rest = Substring(header)
        while let bar = rest.firstIndex(of: "|") {
            let after = rest[rest.index(after: bar)...]
            let statistic = after.prefix { $0 != "," && $0 != ";" && $0 != "\t" && $0 != "\"" }
            if FlowJoStatisticName.parse(String(statistic)) != nil { return true }
            rest = after
        }
        return false
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        try FlowJoTableParser(file: file, style: .pipe, stripsRowNumbers: false, delimiter: nil)
            .read(into: sink)
    }
}
