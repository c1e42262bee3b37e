import Analysis

/// Methods in a few sentences, and the derivation's warnings (collapsed: no script needed).
enum NotesSection {
    static func render(_ data: ReportData) -> String {
        var s = "<section id=\"methods\"><h2>Methods and notes</h2><p>"
        s += "Change from baseline follows the CDISC ADaM Basic Data Structure: Day 1 is the first dose (no day 0); "
        s += "analysis visits by the study's windows, with the record closest to the target day analysed (ANL01FL); "
        s += "baseline is the last value on or before Day 1; CHG = AVAL − BASE, PCHG = 100 · CHG / |BASE|. "
        s += "Summaries use type-7 quantiles (as R and numpy) and the n − 1 standard deviation. "
        s += "Tests are two-sided: Wilcoxon signed-rank for change within a group, Mann–Whitney U between groups, Spearman correlation "
        s += "with the clinical score, Fisher's exact test for response rates; exact p-values for small samples. "
        s += "q-values: Benjamini–Hochberg.</p>"
        if data.warnings.isEmpty {
            s += "<p class=\"note\">The derivation raised no warning.</p>"
        } else {
            s +=
                "<details><summary>\(data.warnings.count) warning\(data.warnings.count == 1 ? "" : "s") from the derivation</summary><ul class=\"warnings\">"
            s += data.warnings.map { "<li>\(HTML.text($0))</li>" }.joined() + "</ul></details>"
        }
        return s + "</section>"
    }
}
