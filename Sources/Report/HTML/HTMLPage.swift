import Analysis

/// `report.html`: one self-contained page (inline CSS and SVG, no script, no font, image or
/// link fetched from anywhere), readable offline and printable.
public enum HTMLPage {
    /// `sections`: the immune parameters' sections already rendered (PARAMCD → HTML), when
    /// `data` no longer holds their records.
    public static func render(
        _ data: ReportData, provenance: Provenance, options: ReportOptions = ReportOptions(),
        sections: [String: String]? = nil
    ) -> String {
        let rates = ResponseRate.compute(data)
        let safetyLink = data.safety != nil || !data.glucocorticoidSummaries.isEmpty ? "<a href=\"#safety\">Safety</a>" : ""
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        s += "<title>\(HTML.text(data.study.studyID)) report</title><style>\(StyleSheet.css)</style></head><body>\n"
        s += HeaderSection.render(data, provenance: provenance) + "\n"
        s += "<nav><a href=\"#responses\">Clinical response</a><a href=\"#heatmap\">Median change</a>"
        s +=
            "<a href=\"#analytes\">Immune parameters</a><a href=\"#associations\">Associations</a>\(safetyLink)<a href=\"#methods\">Methods</a></nav>\n"
        s += ResponseSection.render(data, rates: rates) + "\n"
        s += FigureSections.heatMap(data) + "\n"
        s += FigureSections.analytes(data, options: options, sections: sections) + "\n"
        s += AssociationSection.render(data, options: options) + "\n"
        s += SafetySection.render(data) + "\n"
        s += NotesSection.render(data) + "\n"
        s += "<footer>immunopipe report · \(HTML.text(data.study.studyID)) · \(HTML.text(provenance.createdAt))"
        if !provenance.storePath.isEmpty { s += " · store generation \(provenance.generation)" }
        s += "</footer>\n</body></html>\n"
        return s
    }
}
