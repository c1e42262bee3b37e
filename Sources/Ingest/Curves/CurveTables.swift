import Domain

/// The side tables of a plate's curve analysis: `standard_curves` (one row per analyte: the fit)
/// and `standard_recovery` (one row per standard well: expected, response, back-calculation).
enum CurveTables {
    static func make(curves: [AnalyteCurve], plate: String) -> [AuxiliaryTable] {
        curves.isEmpty ? [] : [standardCurves(curves, plate: plate), standardRecovery(curves, plate: plate)]
    }

    static func standardCurves(_ curves: [AnalyteCurve], plate: String) -> AuxiliaryTable {
        var t = TableBuilder()
        for c in curves {
            let f = c.fit
            t.text("plate", plate)
            t.text("analyte", c.analyte)
            t.text("source_name", c.sourceName)
            t.text("status", c.failure == nil ? "fitted" : (f == nil ? "failed" : "unusable"))
            t.text("model", f?.model.rawValue ?? "")
            t.text("response", c.response.rawValue)
            t.text("weighting", f?.weighting.description ?? "")
            t.number("A", f?.curve.a)
            t.number("B", f?.curve.b)
            t.number("C", f?.curve.c)
            t.number("D", f?.curve.d)
            t.number("F", f?.curve.f)
            t.number("r2", f?.rSquared)
            t.number("weighted_sse", f?.weightedSSE)
            t.number("n_standards", f.map { Double($0.standardCount) })
            t.number("n_levels", f.map { Double($0.levels.count) })
            t.number("n_excluded", Double(c.standards.filter { $0.expectedUsed == nil || $0.response == nil }.count))
            t.number("n_repaired", Double(c.standards.filter { $0.status == StandardSeriesCheck.Status.repaired.rawValue }.count))
            t.number("lloq", f?.lloq)
            t.number("uloq", f?.uloq)
            t.text("unit", c.unit)
            t.number("lloq_pg_ml", f?.lloq.flatMap { l in c.toPicogramPerML.map { l * $0 } })
            t.number("uloq_pg_ml", f?.uloq.flatMap { u in c.toPicogramPerML.map { u * $0 } })
            t.text("model_choice", f?.choice.explanation ?? "")
            t.text("parameters_at_bounds", f?.parametersAtBounds.joined(separator: ",") ?? "")
            t.text("message", c.failure ?? "")
        }
        return t.table("standard_curves")
    }

    static func standardRecovery(_ curves: [AnalyteCurve], plate: String) -> AuxiliaryTable {
        var t = TableBuilder()
        for c in curves {
            let levelRecovery: [Double: Double] = Dictionary(
                (c.fit?.levels ?? []).compactMap { l in l.recoveryPercent.map { (l.expected, $0) } },
                uniquingKeysWith: { a, _ in a })
            for s in c.standards {
                t.text("plate", plate)
                t.text("analyte", c.analyte)
                t.text("standard", s.level)
                t.text("well", s.well)
                t.number("expected_as_written", s.expectedAsWritten)
                t.number("expected", s.expectedUsed)
                t.text("status", s.status)
                t.number("response", s.response)
                t.number("back_calculated", s.backCalculated)
                t.number("recovery_pct", s.recoveryPercent)
                t.number("level_recovery_pct", s.expectedUsed.flatMap { levelRecovery[$0] })
                let within: String
                if let r = s.recoveryPercent, let range = c.fit?.recoveryRange {
                    within = range.contains(r) ? "yes" : "no"
                } else {
                    within = s.expectedUsed == nil ? "" : "no"
                }
                t.text("within_range", within)
                t.text("unit", c.unit)
                t.number("source_line", Double(s.location.line))
            }
        }
        return t.table("standard_recovery")
    }
}

/// Builds an `AuxiliaryTable` row by row, keeping the column order of the first row.
struct TableBuilder {
    private var order: [String] = []
    private var texts: [String: [String]] = [:]
    private var numbers: [String: [Double]] = [:]

    mutating func text(_ name: String, _ value: String) {
        if texts[name] == nil {
            order.append(name)
            texts[name] = []
        }
        texts[name]!.append(value)
    }

    /// nil and non-finite values are stored as NaN.
    mutating func number(_ name: String, _ value: Double?) {
        if numbers[name] == nil {
            order.append(name)
            numbers[name] = []
        }
        numbers[name]!.append(value ?? .nan)
    }

    func table(_ name: String) -> AuxiliaryTable {
        AuxiliaryTable(
            name: name,
            columns: order.map { col in
                if let t = texts[col] { return (col, .text(t)) }
                return (col, .number(numbers[col]!))
            })
    }
}
