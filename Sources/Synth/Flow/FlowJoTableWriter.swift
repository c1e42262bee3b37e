import Foundation

/// Writes a FlowJo 10 table-editor CSV export: an empty first header cell, then one column per
/// `Gate/Path | Statistic`; one row per FCS file; closing `Mean` and `SD` rows computed over all
/// rows above (as FlowJo does, controls included). Counts are integers; frequencies, medians and
/// the summary rows use FlowJo's three-significant-digit format.
struct FlowJoTableWriter {
    var columns: [TregTfhGates.Column] = TregTfhGates.columns
    var lineEnding = "\n"

    func text(rows: [(name: String, counts: FlowCounts)]) -> String {
        var out = CSVLine.make([""] + columns.map(\.header), ending: lineEnding)
        var table: [[Double]] = []
        for row in rows {
            let values = columns.map { row.counts.value($0) }
            table.append(values)
            var cells = [row.name]
            for (column, v) in zip(columns, values) {
                if case .count = column { cells.append(String(Int(v))) } else { cells.append(NumberText.flowJo(v)) }
            }
            out += CSVLine.make(cells, ending: lineEnding)
        }
        var mean = ["Mean"], sd = ["SD"]
        for j in columns.indices {
            let xs = table.map { $0[j] }.filter { !$0.isNaN }
            let m = xs.isEmpty ? Double.nan : xs.reduce(0, +) / Double(xs.count)
            let v = xs.count < 2 ? Double.nan : xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
            mean.append(NumberText.flowJo(m))
            sd.append(NumberText.flowJo(v.squareRoot()))
        }
        out += CSVLine.make(mean, ending: lineEnding)
        out += CSVLine.make(sd, ending: lineEnding)
        return out
    }
}
