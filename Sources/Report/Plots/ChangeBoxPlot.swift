import Analysis

/// Box plots of one immune parameter's change from baseline (CHG, primary BASETYPE) by visit,
/// one box per response group at each visit (Tukey whiskers at 1.5 IQR, every subject drawn as
/// a point), one panel per arm when unblinded. Visits are the study's visits of interest after
/// baseline (all post-baseline visits when it lists none).
public enum ChangeBoxPlot {
    /// Draws parameter `p` from `rows` (its analysed rows; they may hold other parameters').
    public static func render(
        _ data: ReportData, rows: AnalysedRows, parameter p: ParameterInfo, width: Double = 580, height: Double = 340
    ) -> SVGCanvas? {
        let ofInterest = Set(data.study.visitsOfInterest)
        let isOfInterest = rows.perCode(.visit) { ofInterest.isEmpty || ofInterest.contains($0) }
        let code = rows.code(of: p.code, in: .parameterCode), basetype = rows.code(of: data.study.baseline.basetype, in: .basetype)
        let codes = rows.column(.parameterCode), basetypes = rows.column(.basetype), visitOf = rows.column(.visit)
        // The shown rows by index.
        let shown = (0..<rows.count).filter {
            codes[$0] == code && basetypes[$0] == basetype && rows.isAnalysedInVisit($0) && rows.change($0) != nil
                && isOfInterest[Int(visitOf[$0])]
        }
        guard !shown.isEmpty else { return nil }
        let byVisit = rows.grouped(Array(shown.indices), by: .visit) { shown[$0] }
        let present = Set(byVisit.map { rows.text(.visit, code: $0.code) })
        let visits = data.visitOrder.map(\.name).filter(present.contains)
        let criterion = data.groups.primaryCriterion
        // Each shown record's status once (it was looked up per visit, group and panel).
        let statusOf: [ResponseGroups.Status?] =
            criterion.map { data.groups.statuses($0, of: rows, at: shown) } ?? shown.map { _ in nil }
        let statuses: [ResponseGroups.Status?] =
            criterion == nil
            ? [nil]
            : ResponseGroups.Status.allCases.filter { s in statusOf.contains { $0 == s } }

        let panels = data.panels
        let layout = PanelLayout(count: panels.count, width: width, top: 44, plotHeight: height - 44 - 50 - 26)
        let values = shown.map { rows.change($0)! }
        let yScale = LinearScale(lower: min(0, values.min()!), upper: max(0, values.max()!), range: layout.frames[0].yRange, tickCount: 6)
        var canvas = SVGCanvas(
            width: width, height: height, kind: "boxplot", title: "\(p.label): change from baseline by visit",
            description: "Box: quartiles; line: median; whiskers: 1.5 IQR; points: subjects.")
        canvas.attributes = [("data-paramcd", p.code)]
        canvas.add(SVG.text(10, 18, "\(p.label): change from baseline", size: 13.5, weight: "bold", color: "#111"))
        let yTitle = "CHG (\(p.changeUnit.isEmpty ? "change" : p.changeUnit))"

        for (i, panel) in panels.enumerated() {
            let frame = layout.frames[i]
            let xScale = BandScale(visits, range: frame.xRange, padding: 0.22)
            canvas.add(layout.header(panel: i, title: panel.title, short: panel.short, yScale: yScale, yTitle: yTitle))
            canvas.add(Axis.bottom(xScale, frame: frame, title: "Analysis visit"))
            canvas.add(Axis.referenceLine(yScale, value: 0, frame: frame))
            let arm = panel.arm.map { rows.code(of: $0, in: .arm) }, arms = rows.column(.arm)
            let mine = shown.indices.filter { arm == nil || arms[shown[$0]] == arm! }
            let mineByVisit = panel.arm == nil ? byVisit : rows.grouped(mine, by: .visit) { shown[$0] }
            for v in visits {
                guard let start = xScale.start(v) else { continue }
                let sub = xScale.bandwidth / Double(statuses.count)
                let visit = rows.code(of: v, in: .visit)
                let ofVisit = mineByVisit.first { $0.code == visit }?.members ?? []
                for (k, s) in statuses.enumerated() {
                    let group = ofVisit.filter { statusOf[$0] == s }
                    let pts = group.map { (value: rows.change(shown[$0])!, key: rows.text(.subject, shown[$0])) }
                    guard let box = BoxWhisker(pts.map(\.value)) else { continue }
                    let label = "\(v), \(criterion == nil ? "all subjects" : data.groups.label(s!))"
                    canvas.add(
                        SVG.group(
                            box.render(
                                points: pts, left: start + Double(k) * sub + sub * 0.1, width: sub * 0.8,
                                y: yScale, color: ResponseGroups.color(s), label: label),
                            attributes: [
                                ("class", "box"), ("data-visit", v), ("data-group", s?.rawValue ?? "ALL"),
                                ("data-n", "\(box.n)"),
                            ]))
                }
            }
        }
        let entries =
            criterion == nil
            ? [Legend.Entry("all subjects", color: ResponseGroups.color(nil))]
            : statuses.compactMap { $0 }.map { Legend.Entry(data.groups.label($0), color: ResponseGroups.color($0)) }
        canvas.add(Legend.horizontal(entries, x: layout.span.from, y: height - 14, swatch: .box).elements)
        return canvas
    }
}
