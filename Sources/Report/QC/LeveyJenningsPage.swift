import Analysis
import Store

/// Levey-Jennings charts of every control × analyte across the study's plates, with the Westgard
/// rules evaluated (the portal's `/studies/{study}/qc/levey-jennings`).
public enum LeveyJenningsPage {
    public static func html(store: StudyStore) throws -> String {
        render(study: store.study, series: LeveyJennings.series(try QCStoreReader.controlResults(store)))
    }

    public static func render(study: String, series: [LeveyJenningsSeries]) -> String {
        let violations = series.flatMap { s in s.violations.map { (s, $0) } }
        let rejections = violations.filter { $0.1.rule.isRejection }
        var body = HTML.facts([
            ("Study", study), ("Series", "\(series.count) control × analyte"),
            ("Plates", "\(Set(series.flatMap { $0.runs.map { "\($0.batch)/\($0.plateID)" } }).count)"),
        ])
        body +=
            "<p>"
            + QCPageShell.badge("\(rejections.count) rejection\(rejections.count == 1 ? "" : "s")", rejections.isEmpty ? "ok" : "fail")
        body +=
            " "
            + QCPageShell.badge(
                "\(violations.count - rejections.count) 1-2s warning\(violations.count - rejections.count == 1 ? "" : "s")",
                violations.count == rejections.count ? "ok" : "warn") + "</p>"
        body += "<p>One point per plate: the mean of the control's quantified wells on it (pg/mL), in run order (run date, then plate). "
        body += "Mean and SD (n − 1) are the study's own, from these runs (unless a lab's established values were given). Rules: "
        body += WestgardRule.allCases.map { "<b>\($0.rawValue)</b> \(HTML.text($0.explanation))" }.joined(separator: "; ") + ".</p>"
        body += "<section id=\"violations\"><h2>Westgard violations</h2>"
        if !violations.isEmpty {
            body += HTML.table(
                header: [
                    "control", "analyte", "rule", "run date", "batch", "plate", "value", "z", "runs involved (batch/plate)", "action",
                ],
                rows: violations.map { s, v in
                    let r = s.runs[v.index]
                    return [
                        HTML.text(s.control), HTML.text(s.analyte), HTML.text(v.rule.rawValue), HTML.text(r.runDate), String(r.batch),
                        HTML.text(r.plateID),
                        QCPageShell.num(r.value), QCPageShell.num(s.z(v.index), digits: 3),
                        HTML.text(v.runs.map { "\(s.runs[$0].batch)/\(s.runs[$0].plateID)" }.joined(separator: ", ")),
                        v.rule.isRejection ? "reject run" : "warning: inspect",
                    ]
                }, rowClass: { violations[$0].1.rule.isRejection ? "fail" : "warn" }, numericColumns: [6, 7],
                className: "data westgard")
        } else {
            body += "<p>No rule violated.</p>"
        }
        body += "</section>\n<section id=\"charts\"><h2>Charts</h2><div class=\"figures\">"
        for s in series {
            let caption =
                "\(s.control) · \(s.analyte): \(s.runs.count) runs, mean \(CurveNumber.format(s.mean, digits: 3))"
                + (s.sd.isFinite ? ", SD \(CurveNumber.format(s.sd, digits: 3))" : ", SD not estimable (< 2 runs)")
            body += HTML.figure(LeveyJenningsPlot.render(s), caption: caption)
        }
        body += "</div></section>"
        return QCPageShell.page(
            title: "\(study) Levey-Jennings", heading: "Levey-Jennings · \(study)",
            lead: "Control results across all plates of the study, with Westgard rules.", body: body)
    }
}
