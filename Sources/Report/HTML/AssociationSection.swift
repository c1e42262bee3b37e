import Analysis

/// The association tests in two tables — immune change against clinical response (and between
/// arms), then change within groups — each smallest q first with the significant rows
/// highlighted. The page shows the first rows of each and says where the rest are.
enum AssociationSection {
    static func render(_ data: ReportData, options: ReportOptions) -> String {
        var s = "<section id=\"associations\"><h2>Associations with clinical response</h2>"
        let tests = data.associations.filter { $0.analysis != .summary && $0.pValue.isFinite && !$0.parameterCode.isEmpty }
        guard !tests.isEmpty else {
            return s
                + "<p class=\"note\">No association test could be computed (too few subjects with both immune change and clinical response).</p></section>"
        }
        let significant = tests.filter { $0.qValue < options.significance }.count
        s += "<p>\(tests.count) tests; \(significant) with Benjamini–Hochberg q &lt; \(options.significance) (highlighted). "
        s +=
            "q-values control the false discovery rate across analytes within each family of tests (same test, variable, visit, group and criterion). "
        s += "All rows, with the group summaries, are in <code>associations.csv</code>.</p>"
        if data.blinded { s += "<p class=\"note\">Blinded: groups pool the arms; no between-arm test is made.</p>" }
        let response = tests.filter { $0.analysis != .changeWithinGroup }
        let within = tests.filter { $0.analysis == .changeWithinGroup }
        s += "<h3>Immune parameters and clinical response\(data.arms.count > 1 ? ", and between arms" : "")</h3>"
        s +=
            response.isEmpty
            ? "<p class=\"note\">No test: no subject with both a response status and an immune change.</p>"
            : table(response, data: data, options: options, showComparison: true)
        s += "<h3>Change from baseline within groups (Wilcoxon signed-rank against 0)</h3>"
        s += within.isEmpty ? "<p class=\"note\">No test.</p>" : table(within, data: data, options: options, showComparison: false)
        return s + "</section>"
    }

    static func table(_ rows: [AssociationRecord], data: ReportData, options: ReportOptions, showComparison: Bool) -> String {
        let sorted = rows.sorted {
            let qa = $0.qValue.isNaN ? 2 : $0.qValue, qb = $1.qValue.isNaN ? 2 : $1.qValue
            return (qa, $0.pValue, $0.parameterCode, $0.visitNumber ?? 0) < (qb, $1.pValue, $1.parameterCode, $1.visitNumber ?? 0)
        }
        let significant = rows.filter { $0.qValue < options.significance }.count
        let shown = Array(sorted.prefix(max(options.associationRowsShown, significant)))
        var header = ["Parameter", "Visit", "Test", "Group"]
        if showComparison { header.append("Comparison") }
        header += ["n", "Estimate", "Statistic", "p", "q", "Method", "Note"]
        let body = shown.map { r -> [String] in
            var row = [HTML.text(data.label(r.parameterCode)), HTML.text(r.visit), HTML.text(testName(r)), HTML.text(groupName(r))]
            if showComparison { row.append(HTML.text(r.comparison)) }
            row += [
                r.n2.map { "\(r.n) / \($0)" } ?? "\(r.n)", DisplayNumber.format(r.estimate), DisplayNumber.format(r.statistic),
                DisplayNumber.pValue(r.pValue), "<span class=\"q\">\(DisplayNumber.pValue(r.qValue))</span>", HTML.text(r.method),
                HTML.text(note(r)),
            ]
            return row
        }
        let offset = showComparison ? 5 : 4
        var s = HTML.table(
            header: header, rows: body, rowClass: { shown[$0].qValue < options.significance ? "sig" : "" },
            numericColumns: Set(offset..<(offset + 5)))
        if shown.count < rows.count {
            s += "<p class=\"note\">\(shown.count) of \(rows.count) rows shown (smallest q first); the rest are in associations.csv.</p>"
        }
        return s
    }

    static func testName(_ r: AssociationRecord) -> String {
        switch r.analysis {
        case .summary: return "summary"
        case .changeWithinGroup: return "Wilcoxon signed-rank, \(r.variable) vs 0"
        case .respondersVersusNonResponders: return "Mann–Whitney U, \(r.variable): responders vs non-responders"
        case .betweenArms: return "Mann–Whitney U, \(r.variable) between arms"
        case .correlationWithClinicalChange: return "Spearman ρ, \(r.variable) vs \(r.criterion) score (\(r.responseVisit))"
        case .responseRateByArm: return "Fisher's exact, response rate by arm"
        }
    }

    /// `arm=IL2 response=Y` → `IL2, TIS responders (Week 12)`.
    static func groupName(_ r: AssociationRecord) -> String {
        var parts: [String] = []
        for token in r.group.split(separator: " ") {
            if token == "all" { continue }
            if token.hasPrefix("arm=") { parts.append(String(token.dropFirst(4))) }
            if token == "response=Y" { parts.append("\(r.criterion) responders (\(r.responseVisit))") }
            if token == "response=N" { parts.append("\(r.criterion) non-responders (\(r.responseVisit))") }
        }
        if r.analysis == .respondersVersusNonResponders { parts.append("\(r.criterion) at \(r.responseVisit)") }
        return parts.isEmpty ? (r.blinded ? "all subjects (pooled)" : "all subjects") : parts.joined(separator: ", ")
    }

    /// The row's note without the blinding remark the section already makes.
    static func note(_ r: AssociationRecord) -> String {
        r.note.components(separatedBy: "; ").filter { $0 != "pooled: arms blinded" }.joined(separator: "; ")
    }
}
