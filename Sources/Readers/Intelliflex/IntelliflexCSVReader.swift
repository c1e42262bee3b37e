import Domain

/// Luminex INTELLIFLEX per-well CSV (INTELLIFLEX software 2.x): one header row, then one row per
/// well. Each row repeats the instrument, calibration/verification and plate columns, then gives
/// the well (`WELL LOCATION`, `WELL TYPE` U1/S1/C1/B, `WELL STATUS`, `SAMPLE ID`, `DILUTION`,
/// acquisition times, event totals) and, per bead region and reporter, a column family
/// `R<region>: <reporter> <FIELD>` (`R25: RP1 MEDIAN`). A `--DOCUMENT SIGNATURE--` block may
/// close the file.
///
/// It emits the xPONENT reader's vocabulary, so plate curves and QC work unchanged: per well and
/// analyte `mfi` (MEDIAN), `net_mfi` (NET MEDIAN), `bead_count` (COUNT), `cv` (%CV), `dilution`,
/// and, when the export carries an analysis, `concentration`, `expected_concentration` and
/// `recovery`. Values the model has no statistic for (background, mean, net normalised median,
/// and the replicate calculations AVERAGE MFI, NET AVERAGE MEDIAN, REPLICATE %CV) are kept in
/// `extra`. Plate-wide columns go to the `instrument_run` table; region columns it does not know
/// are listed once in a warning. Wells never acquired (no value in any region) are not stored:
/// a warning names them.
public struct IntelliflexCSVReader: MeasurementReader {
    public let format = SourceFormat(id: "intelliflex-csv", parserVersion: "1.0.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        guard let first = preview.lines(1).first else { return false }
        let delimiter: Character =
            first.contains("\t")
            ? "\t"
            : (first.filter { $0 == ";" }.count > first.filter { $0 == "," }.count ? ";" : ",")
        let names = first.split(separator: delimiter, omittingEmptySubsequences: false).map { String($0).filter { $0 != "\"" } }
        return IntelliflexColumns.looksLikeIntelliflex(names)
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let export = try IntelliflexExport.read(file, sink: sink)
        guard !export.header.isEmpty else {
            throw FileRejected(file.location(line: 1), code: "empty-file", "the file is empty: no header row")
        }
        let columns = IntelliflexColumns(export.header)
        guard columns.index("WELL LOCATION") != nil else {
            throw FileRejected(
                file.location(line: export.headerLine, column: 1), code: "missing-column",
                "this looks like a Luminex INTELLIFLEX per-well export (region columns such as 'R25: RP1 MEDIAN') but it has no 'WELL LOCATION' column, so values cannot be tied to wells"
            )
        }
        guard columns.hasValueColumns else {
            throw FileRejected(
                file.location(line: export.headerLine, column: 1), code: "no-well-data",
                "this looks like a Luminex INTELLIFLEX per-well export but no region column holds a value (MEDIAN, NET MEDIAN, COUNT…)")
        }
        guard !export.rows.isEmpty else {
            throw FileRejected(
                file.location(line: export.headerLine, column: 1), code: "no-well-data",
                "the INTELLIFLEX header row is followed by no well rows")
        }
        for d in columns.duplicates {
            sink.report(
                .warning(
                    file.location(line: export.headerLine, column: d.column), code: "duplicate-column",
                    "column '\(d.header)' appears again (first in column \(d.first)); the first is read"))
        }
        var notRead = columns.notRead.map { (text: "\($0.header) (column \($0.column))", column: $0.column) }
        for region in columns.regions where !columns.hasValues(region) {
            let first = (columns.fields[region]?.values.min() ?? 0) + 1
            notRead.append(("\(region.label) (column \(first): no value column, only its name or region)", first))
        }
        notRead.sort { $0.column < $1.column }
        if let first = notRead.first {
            let shown = notRead.prefix(8).map(\.text).joined(separator: ", ") + (notRead.count > 8 ? ", … (\(notRead.count) in all)" : "")
            sink.report(
                .warning(
                    file.location(line: export.headerLine, column: first.column), code: "columns-not-read",
                    "\(notRead.count) region column\(notRead.count == 1 ? "" : "s") not read: \(shown)"))
        }
        var emitter = IntelliflexEmitter(file: file, export: export, columns: columns, sink: sink)
        try emitter.emit()
        sink.attach(emitter.runTable().table)
    }
}
