import Domain
import Store

/// Cytometry batch QC: per sample, the key populations as % of their canonical parent against
/// the plausible range (the panel's override, else the population catalogue's). A value outside
/// is highlighted; the table tells the lab which tubes to re-check before the batch is used.
public enum CytometryQCPage {
    /// The populations a Treg/Tfh lab looks at first.
    public static let keyPopulations = ["CD4", "TREG", "TFH", "TFR"]

    /// The cytometry QC page of batch `batch`; `plausibility` holds the panel's overrides
    /// (`Panel.plausibility`), catalogue ranges apply otherwise.
    public static func html(store: StudyStore, batch: Int64, plausibility: [String: ClosedRange<Double>] = [:]) throws -> String {
        let data = try QCStoreReader.plateQC(store, batch: batch)
        return render(study: data.study, batch: batch, files: data.files, measurements: data.cytometry, plausibility: plausibility)
    }

    /// One sample's key values: population → (value, range, outside).
    public struct Row: Sendable, Hashable {
        public var sample: String
        public var subject: String
        public var visit: String
        public var values: [String: Double]
    }

    /// The plausible range of `code` (% of its canonical parent).
    public static func range(_ code: String, _ plausibility: [String: ClosedRange<Double>]) -> ClosedRange<Double>? {
        plausibility[code] ?? PopulationCatalogue.population(code)?.plausibleRange
    }

    /// Rows per sample, in file order: the % of canonical parent of each key population
    /// (`freq_of_parent`, or `freq_of` with the parent as denominator).
    public static func rows(_ measurements: [Domain.Measurement]) -> [Row] {
        var order: [String] = []
        var rows: [String: Row] = [:]
        // QC tubes (FMO, compensation, controls) are not samples: an FMO's Treg % is meant to be
        // implausible, so it is not judged here.
        for m in measurements where keyPopulations.contains(m.analyte) && m.value.isFinite && !m.isQCMaterial {
            guard let parent = PopulationCatalogue.population(m.analyte)?.parent else { continue }
            guard m.statistic == .freqOfParent || (m.statistic == .freqOf && m.denominator == parent) else { continue }
            if rows[m.sample] == nil {
                order.append(m.sample)
                rows[m.sample] = Row(sample: m.sample, subject: m.subject, visit: m.visit, values: [:])
            }
            // The first value found wins (a derived duplicate of a measured value is not shown twice).
            if rows[m.sample]!.values[m.analyte] == nil { rows[m.sample]!.values[m.analyte] = m.value }
        }
        return order.map { rows[$0]! }
    }

    public static func render(
        study: String, batch: Int64, files: [String], measurements: [Domain.Measurement],
        plausibility: [String: ClosedRange<Double>] = [:]
    ) -> String {
        var body = HTML.facts([("Study", study), ("Batch", String(batch)), ("Files", files.joined(separator: ", "))])
        body += section(measurements, plausibility: plausibility)
        return QCPageShell.page(
            title: "\(study) batch \(batch) cytometry QC", heading: "Cytometry QC · batch \(batch)",
            lead: "Key populations per sample against their plausible ranges (panel, else catalogue).", body: body)
    }

    /// The key-populations section alone (also part of the plate QC page of a batch holding both
    /// plates and flow files).
    static func section(_ measurements: [Domain.Measurement], plausibility: [String: ClosedRange<Double>]) -> String {
        let rows = rows(measurements)
        let qcTubes = Set(measurements.filter(\.isQCMaterial).map(\.sample)).count
        func outside(_ code: String, _ v: Double) -> Bool { range(code, plausibility).map { !$0.contains(v) } ?? false }
        let flagged = rows.filter { r in keyPopulations.contains { c in r.values[c].map { outside(c, $0) } ?? false } }
        var body = "<section id=\"populations\"><h2>Key populations</h2>"
        body +=
            "<p>"
            + QCPageShell.badge(
                "\(flagged.count) of \(rows.count) sample\(rows.count == 1 ? "" : "s") with a value outside its plausible range",
                flagged.isEmpty ? "ok" : "fail")
        body += qcTubes > 0 ? " \(qcTubes) QC tube\(qcTubes == 1 ? "" : "s") (FMO, controls) not judged.</p>" : "</p>"
        let header =
            ["sample", "subject", "visit"]
            + keyPopulations.map { code -> String in
                let parent = PopulationCatalogue.population(code)?.parent ?? ""
                let r =
                    range(code, plausibility).map { " (\(CurveNumber.format($0.lowerBound))–\(CurveNumber.format($0.upperBound)))" } ?? ""
                return HTML.text("\(code) % of \(parent)\(r)")
            }
        var table = "<table class=\"data cytometry\"><thead><tr>" + header.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for r in rows {
            table += flagged.contains(r) ? "<tr class=\"warn\">" : "<tr>"
            table += "<td>\(HTML.text(r.sample))</td><td>\(HTML.text(r.subject))</td><td>\(HTML.text(r.visit))</td>"
            for code in keyPopulations {
                guard let v = r.values[code] else {
                    table += "<td class=\"num\">–</td>"
                    continue
                }
                table +=
                    outside(code, v)
                    ? "<td class=\"num fail\" data-population=\"\(code)\">\(QCPageShell.num(v, digits: 3))</td>"
                    : "<td class=\"num\">\(QCPageShell.num(v, digits: 3))</td>"
            }
            table += "</tr>"
        }
        return body + table + "</tbody></table></section>"
    }
}
