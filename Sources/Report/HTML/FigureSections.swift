import Analysis

/// The heat map, then one section per immune parameter with its trajectories and box plots.
enum FigureSections {
    static func heatMap(_ data: ReportData) -> String {
        var s = "<section id=\"heatmap\"><h2>Median change from baseline</h2>"
        guard let plot = HeatMapPlot.render(data) else {
            return s + "<p class=\"note\">No change from baseline could be derived (no baseline, or no post-baseline value).</p></section>"
        }
        s += HTML.figure(
            plot,
            caption:
                "Median change from baseline (CHG, analysed record per subject and visit\(data.study.baseline.basetype.isEmpty ? "" : ", BASETYPE \(data.study.baseline.basetype)")). Numbers are medians in each analyte's unit (percentage points for percentages); colours are scaled per analyte to its largest absolute median, blue for decrease and red for increase; grey: no value."
        )
        return s + "</section>"
    }

    /// The immune parameter sections: from `sections` (rendered earlier, one parameter at a
    /// time, by the streaming report) or drawn now from `data`.
    static func analytes(_ data: ReportData, options: ReportOptions, sections: [String: String]? = nil) -> String {
        var s = "<section id=\"analytes\"><h2>Immune parameters</h2>"
        if data.parameters.isEmpty {
            return s + "<p class=\"note\">No immune measurements in the store's current generation.</p></section>"
        }
        let criterion = data.groups.primaryCriterion
        s += "<p>Left: each subject's analysed values over time"
        s += criterion.map { ", coloured by \(HTML.text($0.id)) response\($0.primaryVisit.map { " at \(HTML.text($0))" } ?? "")" } ?? ""
        s += "; thick lines are medians per visit. Right: change from baseline at the visits of interest, "
        s += "boxes from the first to the third quartile with the median, whiskers to the furthest value within 1.5 × IQR; "
        s +=
            "every subject is drawn as a point when a box has at most \(BoxWhisker.maxPointsDrawn), otherwise the values beyond the whiskers"
        s +=
            criterion == nil
            ? ".</p>" : "; response status taken at the same visit when assessed there, otherwise at the primary visit.</p>"
        // Drawn now: the dataset's records coded once for every parameter.
        let rows = sections == nil ? AnalysedRows(data.dataset.records) : AnalysedRows()
        for p in data.parameters {
            s += sections?[p.code] ?? parameter(data, rows, p, options: options)
        }
        return s + "</section>"
    }

    /// One parameter's heading, trajectories and box plots, drawn from `rows`, which must hold
    /// the parameter's analysed rows (it may hold others).
    static func parameter(_ data: ReportData, _ rows: AnalysedRows, _ p: ParameterInfo, options: ReportOptions) -> String {
        let criterion = data.groups.primaryCriterion
        var s =
            "<h3 id=\"p-\(HTML.text(anchor(p.code)))\">\(HTML.text(p.label)) <span class=\"note\">PARAMCD \(HTML.text(p.code))</span></h3><div class=\"figures\">"
        if let t = TrajectoryPlot.render(data, rows: rows, parameter: p, options: options) {
            s += HTML.figure(
                t,
                caption:
                    "\(p.label): individual trajectories (\(options.trajectoryY == .value ? "AVAL" : "PCHG") by \(options.trajectoryX == .studyDay ? "study day" : "AVISITN"))."
            )
        }
        if let b = ChangeBoxPlot.render(data, rows: rows, parameter: p) {
            s += HTML.figure(
                b,
                caption:
                    "\(p.label): change from baseline (CHG, \(p.changeUnit.isEmpty ? "no unit" : p.changeUnit)) by visit\(criterion == nil ? "" : " and response group")."
            )
        } else {
            s += "<p class=\"note\">No change from baseline at the visits of interest.</p>"
        }
        return s + "</div>"
    }

    static func anchor(_ code: String) -> String {
        String(code.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
