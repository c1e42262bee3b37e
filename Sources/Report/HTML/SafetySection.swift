import Analysis

/// Glucocorticoid dose over the study and treatment-emergent adverse events: what a trial
/// report shows beside efficacy (steroid sparing, and safety), when the logs were given.
enum SafetySection {
    static func render(_ data: ReportData) -> String {
        guard data.safety != nil || !data.glucocorticoidSummaries.isEmpty else { return "" }
        var s = "<section id=\"safety\"><h2>Glucocorticoids and safety</h2>"
        s += glucocorticoids(data)
        if let safety = data.safety { s += adverseEvents(safety, blinded: data.blinded) }
        return s + "</section>"
    }

    static func glucocorticoids(_ data: ReportData) -> String {
        let rows = data.glucocorticoidSummaries.filter {
            $0.criterion.isEmpty && $0.basetype == data.study.baseline.basetype && ($0.variable == "AVAL" || $0.variable == "CHG")
        }
        guard !rows.isEmpty else { return "" }
        let arms = data.arms.count > 1 ? data.arms + [SummaryRow.allArms] : [SummaryRow.allArms]
        let visits = data.visitOrder.map(\.name).filter { v in rows.contains { $0.visit == v } }
        var s = "<h3>Daily glucocorticoid dose (prednisone equivalent, mg/day)</h3>"
        s +=
            "<p class=\"note\">From the concomitant-medication log on each visit's target day; a day no interval covers counts as 0 mg/day. "
        s += "Median [quartiles] of the dose and of its change from baseline; n subjects.</p>"
        func cell(_ visit: String, _ arm: String, _ variable: String) -> String {
            guard let r = rows.first(where: { $0.visit == visit && $0.arm == arm && $0.variable == variable }), r.summary.n > 0 else {
                return "—"
            }
            let f = { (x: Double) in DisplayNumber.format(x) }
            return "\(f(r.summary.median)) [\(f(r.summary.q1)), \(f(r.summary.q3))], n = \(r.summary.n)"
        }
        let header =
            ["Visit"]
            + arms.flatMap { a in
                let name = a == SummaryRow.allArms ? (data.blinded ? "all (pooled)" : "all") : a
                return ["\(HTML.text(name)): dose", "\(HTML.text(name)): change"]
            }
        let body = visits.map { v in [HTML.text(v)] + arms.flatMap { a in [cell(v, a, "AVAL"), cell(v, a, "CHG")] } }
        return s + HTML.table(header: header, rows: body)
    }

    static func adverseEvents(_ safety: AdverseEventSummary, blinded: Bool) -> String {
        var s = "<h3>Treatment-emergent adverse events</h3>"
        s += "<p class=\"note\">Onset on or after the first dose; safety population: every subject with a first dose. "
        s += "Subjects with at least one event, n (%), and number of events\(blinded ? "; arms pooled (blinded)" : "").</p>"
        func label(_ r: AdverseEventSummary.Row) -> String {
            switch r.category {
            case "any": return "Any adverse event"
            case "grade>=3": return "Grade ≥ 3"
            case "serious": return "Serious"
            default: return r.term
            }
        }
        let header =
            ["Adverse event"]
            + safety.arms.map { a in
                let n = safety.rows.first { $0.arm == a }?.population ?? 0
                return "\(HTML.text(a == AdverseEventSummary.allArms ? "All" : a)) (N = \(n))"
            }
        var body: [[String]] = []
        var order: [String] = []
        var byKey: [String: [AdverseEventSummary.Row]] = [:]
        for r in safety.rows {
            let key = r.category + "|" + r.term
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(r)
        }
        for key in order {
            let rs = byKey[key]!
            body.append(
                [HTML.text(label(rs[0]))]
                    + safety.arms.map { a in
                        guard let r = rs.first(where: { $0.arm == a }) else { return "—" }
                        let fraction = r.population > 0 ? Double(r.subjects) / Double(r.population) : .nan
                        return "\(r.subjects) (\(DisplayNumber.percent(fraction))), \(r.events) event\(r.events == 1 ? "" : "s")"
                    })
        }
        s += HTML.table(header: header, rows: body)
        if !safety.excluded.isEmpty {
            s += "<ul class=\"warnings\">" + safety.excluded.map { "<li>\(HTML.text($0))</li>" }.joined() + "</ul>"
        }
        return s
    }
}
