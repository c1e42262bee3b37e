import Domain
import Foundation
import Readers

/// Everything one reader made of one file: what `<fixture>.expected.tsv` records.
struct ReaderOutput {
    /// The format id detection chose (`xponent-csv`), or the clinical reader's type name.
    var reader: String
    var measurements: [Domain.Measurement] = []
    /// A clinical reader's records (`ClinicalAssessment`, `FirstDose`…), one line each.
    var records: ClinicalRecords?
    var diagnostics: [Diagnostic] = []
    var tables: [AuxiliaryTable] = []
    /// The diagnostic of a `FileRejected`: the file as a whole could not be read.
    var rejection: Diagnostic?

    struct ClinicalRecords {
        var type: String
        var rows: [Any]
    }
}

/// The one expected-output format of reader fixtures: tab-separated text, one line per value and
/// per diagnostic, so a change in a reader shows as a readable diff of
/// `<fixture>.expected.tsv`. Sections, in order, each under a `#` header line naming its columns:
///
/// - `#reader`: the format detection chose (as the CLI would), or the clinical reader;
/// - `#measurement` (instrument readers) or `#record <Type>` (clinical readers): every field,
///   numbers printed so that they read back to the same `Double` (`NaN` when not available),
///   `at` the source `line:column`;
/// - `#diagnostic`: severity (`rejected` for the diagnostic that refused the whole file), code,
///   location as messages show it (`file:line:column`, `file: 'Sheet'!C7`) and message;
/// - `#table <name>`: side tables (standard curves, plate QC, instrument run), when any.
///
/// Tabs and line breaks inside a field are written `\t`, `\n`, `\r`, so every line is one item
/// (backslashes stay as they are: Windows paths read as written).
enum ExpectedOutput {
    static let suffix = ".expected.tsv"

    static let measurementColumns = [
        "sample", "subject", "visit", "collection_date", "assay", "analyte", "source_name", "statistic",
        "denominator", "parameter", "value", "qualifier", "raw_value", "unit", "flags", "extra", "at",
    ]

    static func text(of output: ReaderOutput) -> String {
        var lines = ["#reader\t" + field(output.reader)]
        if let records = output.records {
            let labels = records.rows.first.map { Mirror(reflecting: $0).children.map { $0.label ?? "?" } } ?? []
            lines.append((["#record " + records.type] + labels).joined(separator: "\t"))
            for row in records.rows {
                lines.append(Mirror(reflecting: row).children.map { value($0.value) }.joined(separator: "\t"))
            }
        } else {
            lines.append((["#measurement"] + measurementColumns).joined(separator: "\t"))
            for m in output.measurements {
                lines.append(
                    [
                        m.sample, m.subject, m.visit, m.collectionDate, m.assay.rawValue, m.analyte, m.sourceName,
                        m.statistic.rawValue, m.denominator, m.parameter, number(m.value), m.qualifier.rawValue,
                        m.rawValue, m.unit, m.flags, m.extra, "\(m.sourceLine):\(m.sourceColumn)",
                    ].map(field).joined(separator: "\t"))
            }
        }
        lines.append("#diagnostic\tseverity\tcode\tlocation\tmessage")
        for d in output.diagnostics { lines.append(diagnostic(d, severity: d.severity.rawValue)) }
        if let r = output.rejection { lines.append(diagnostic(r, severity: "rejected")) }
        for t in output.tables {
            lines.append((["#table " + t.name] + t.columns.map(\.name)).map(field).joined(separator: "\t"))
            for i in 0..<t.rowCount {
                lines.append(
                    t.columns.map { c -> String in
                        switch c.column {
                        case .text(let v): return field(v[i])
                        case .number(let v): return number(v[i])
                        }
                    }.joined(separator: "\t"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func diagnostic(_ d: Diagnostic, severity: String) -> String {
        [severity, d.code, d.location.description, d.message].map(field).joined(separator: "\t")
    }

    /// Swift's shortest representation that reads back to the same `Double`.
    static func number(_ d: Double) -> String { d.isNaN ? "NaN" : String(d) }

    /// A clinical record's field, whatever its type.
    private static func value(_ v: Any) -> String {
        switch v {
        case let d as Double: return number(d)
        case let s as String: return field(s)
        case let l as SourceLocation: return field(l.description)
        default: return field(String(describing: v))
        }
    }

    private static let escapes: [Unicode.Scalar: String] = ["\t": "\\t", "\n": "\\n", "\r": "\\r"]

    private static func field(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { escapes[$0] != nil }) else { return s }
        return s.unicodeScalars.map { escapes[$0] ?? String($0) }.joined()
    }
}
