import Analysis

/// Response rates per criterion and visit: responders / assessed with a Wilson 95 % interval,
/// by arm when unblinded with Fisher's exact p between arms; and the bar chart.
enum ResponseSection {
    static func render(_ data: ReportData, rates: [ResponseRate]) -> String {
        var s = "<section id=\"responses\"><h2>Clinical response</h2>"
        guard !data.study.responseCriteria.isEmpty else {
            return s + "<p class=\"note\">The study defines no response criterion.</p></section>"
        }
        guard !data.responses.isEmpty else {
            return s + "<p class=\"note\">No clinical assessments were given: response could not be evaluated.</p></section>"
        }
        let groups = data.arms.count > 1 ? data.arms : []
        var header =
            ["Criterion", "Visit"] + groups.map { HTML.text($0) } + [
                data.blinded ? "All subjects (arms pooled)" : "All subjects", "Not assessed",
            ]
        if !groups.isEmpty { header.append("Fisher's exact p (odds ratio)") }
        var rows: [[String]] = []
        var keys: [(String, String)] = []
        for r in rates where !keys.contains(where: { $0 == (r.criterion, r.visit) }) { keys.append((r.criterion, r.visit)) }
        for (criterion, visit) in keys {
            let mine = rates.filter { $0.criterion == criterion && $0.visit == visit }
            func cell(_ arm: String) -> String {
                guard let r = mine.first(where: { $0.arm == arm }), r.assessed > 0 else { return "–" }
                let ci = r.interval
                return
                    "\(r.responders)/\(r.assessed) (\(DisplayNumber.percent(r.rate)); 95% CI \(DisplayNumber.percent(ci.low))–\(DisplayNumber.percent(ci.high)))"
            }
            var row = [HTML.text(criterion), HTML.text(visit)] + groups.map(cell) + [cell(SummaryRow.allArms)]
            row.append("\(mine.first { $0.arm == SummaryRow.allArms }?.notAssessed ?? 0)")
            if !groups.isEmpty {
                let tests = data.associations.filter { $0.analysis == .responseRateByArm && $0.criterion == criterion && $0.visit == visit }
                row.append(
                    tests.map { t in
                        "\(HTML.text(t.comparison)): \(DisplayNumber.pValue(t.pValue)) (\(DisplayNumber.format(t.estimate, digits: 2)))"
                    }.joined(separator: "<br>"))
            }
            rows.append(row)
        }
        let primary = data.groups.primaryCriterion
        s += "<p>Responders among subjects assessed at each visit. "
        if let primary { s += "Primary criterion: \(HTML.text(primary.id))\(primary.primaryVisit.map { " at \(HTML.text($0))" } ?? ""). " }
        s +=
            data.blinded
            ? "Between-arm comparison is not made while the study is blinded.</p>"
            : (groups.isEmpty ? "</p>" : "Arms compared by Fisher's exact test (two-sided), subjects not assessed excluded.</p>")
        s += HTML.table(header: header, rows: rows, numericColumns: Set(2..<(header.count - (groups.isEmpty ? 0 : 1))))
        if let plot = ResponseRatePlot.render(rates, arms: data.arms, blinded: data.blinded) {
            s += HTML.figure(
                plot, caption: "Percentage of responders among subjects assessed, with Wilson 95% confidence intervals; k/n above each bar."
            )
        }
        return s + "</section>"
    }
}
