import Analysis
import Foundation

/// Spaghetti plot of one immune parameter: each subject's analysed values over the study
/// (x = study day or AVISITN; y = AVAL or PCHG), coloured by response status under the primary
/// criterion, with the median of each status group per visit drawn thick. One panel per arm
/// when unblinded. Positive values spanning two or more orders of magnitude get a log axis.
public enum TrajectoryPlot {
    /// Most subject lines drawn per panel.
    static let maxDrawnSubjects = 200

    /// Draws parameter `p` from `rows` (its analysed rows; they may hold other parameters').
    public static func render(
        _ data: ReportData, rows: AnalysedRows, parameter p: ParameterInfo, options: ReportOptions,
        width: Double = 580, height: Double = 340
    ) -> SVGCanvas? {
        func x(_ i: Int) -> Double? {
            switch options.trajectoryX {
            case .studyDay: return rows.studyDay(i).map(Double.init)
            case .visitNumber: return rows.visitNumber(i).map(Double.init)
            }
        }
        func y(_ i: Int) -> Double? {
            switch options.trajectoryY {
            case .value: return rows.values[i].isNaN ? nil : rows.values[i]
            case .percentChange: return rows.isBaseline(i) ? 0 : rows.percentChange(i)
            }
        }
        // The rows drawn: the parameter's analysed rows in the primary BASETYPE.
        let code = rows.code(of: p.code, in: .parameterCode), basetype = rows.code(of: data.study.baseline.basetype, in: .basetype)
        let codes = rows.column(.parameterCode), basetypes = rows.column(.basetype)
        let points = (0..<rows.count).compactMap { i -> (record: Int, x: Double, y: Double)? in
            guard codes[i] == code, basetypes[i] == basetype, rows.isAnalysedInVisit(i), let xv = x(i), let yv = y(i), yv.isFinite
            else { return nil }
            return (i, xv, yv)
        }
        guard !points.isEmpty else { return nil }

        let panels = data.panels
        // Each point's status once (a look-up per subject); the medians below group by it per
        // panel and status, and each subject's line takes its first point's.
        let statusOf = data.groups.primaryStatuses(of: rows, at: points.map(\.record))
        // Subjects are drawn in name order: each subject's rank among the names, sorted once.
        let rank = rows.ranks(.subject)
        // The statuses met, gathered per run of equal statuses rather than hashed per point.
        var statuses = Set<ResponseGroups.Status?>()
        for (k, status) in statusOf.enumerated() where k == 0 || status != statusOf[k - 1] { statuses.insert(status) }
        var entries = legendEntries(data, statuses: statuses)
        entries.append(Legend.Entry("thick: median per visit", color: "#555"))
        // The legend wraps rather than running off the right edge (it used to cut its last
        // entry, "thick: median per visit"); the plots give up the height of the extra rows.
        let legendLeft = PanelLayout(count: panels.count, width: width, top: 44, plotHeight: 100).span.from
        let legendRows = Legend.rowCount(entries, maxWidth: width - legendLeft - 8)
        let legendHeight = 26.0 + 16 * Double(legendRows - 1)
        let layout = PanelLayout(count: panels.count, width: width, top: 44, plotHeight: height - 44 - 50 - legendHeight)
        let xs = points.map(\.x), ys = points.map(\.y)
        let xScaleFor = { (f: PlotFrame) in
            LinearScale(lower: xs.min()!, upper: xs.max()!, range: f.xRange, tickCount: max(4, Int(f.width / 55)))
        }
        let useLog = options.trajectoryY == .value && ys.allSatisfy { $0 > 0 } && ys.max()! / ys.min()! >= 100
        let yScale: any ContinuousScale =
            useLog
            ? LogScale(lower: ys.min()!, upper: ys.max()!, range: layout.frames[0].yRange)
            : LinearScale(lower: ys.min()!, upper: ys.max()!, range: layout.frames[0].yRange, tickCount: 6)

        let yTitle = options.trajectoryY == .value ? p.label + (useLog ? ", log scale" : "") : "Change from baseline (%)"
        let xTitle = options.trajectoryX == .studyDay ? "Study day (Day 1 = first dose)" : "Analysis visit (AVISITN)"
        var canvas = SVGCanvas(
            width: width, height: height, kind: "trajectory",
            title: "\(p.label): subject trajectories",
            description: "One line per subject; colour: response status; thick lines: median per visit.")
        canvas.attributes = [("data-paramcd", p.code)]
        canvas.add(SVG.text(10, 18, "\(p.label): individual trajectories", size: 13.5, weight: "bold", color: "#111"))

        let visitX = Dictionary(
            data.study.visits.map { ($0.name, options.trajectoryX == .studyDay ? Double($0.targetDay) : Double($0.number)) },
            uniquingKeysWith: { a, _ in a })
        for (i, panel) in panels.enumerated() {
            let frame = layout.frames[i]
            let xScale = xScaleFor(frame)
            canvas.add(layout.header(panel: i, title: panel.title, short: panel.short, yScale: yScale, yTitle: yTitle))
            canvas.add(Axis.bottom(xScale, frame: frame, title: xTitle))
            if options.trajectoryY == .percentChange { canvas.add(Axis.referenceLine(yScale, value: 0, frame: frame)) }
            if options.trajectoryX == .studyDay {
                for period in data.study.design.periods.dropFirst() where xScale.contains(Double(period.startDay)) {
                    let px = xScale.position(Double(period.startDay))
                    canvas.add(SVG.line(px, frame.top, px, frame.bottom, SVG.Stroke("#888", width: 1, dash: "5 4")))
                    canvas.add(SVG.text(px + 4, frame.top + 12, period.name, size: 10.5, color: "#555", italic: true))
                }
            }
            let arm = panel.arm.map { rows.code(of: $0, in: .arm) }, arms = rows.column(.arm)
            let mine = points.indices.filter { arm == nil || arms[points[$0].record] == arm! }
            let bySubject = rows.grouped(mine, by: .subject) { points[$0].record }
            // Beyond a few hundred lines a spaghetti plot is an ink blot: draw an evenly spaced,
            // deterministic subset of subjects (the medians still use every subject) and say so.
            let allSubjects = bySubject.sorted { rank[Int($0.code)] < rank[Int($1.code)] }
            let step = max(1, Int((Double(allSubjects.count) / Double(Self.maxDrawnSubjects)).rounded(.up)))
            // In name order, each with its status (its first point's): drawn per status below
            // without a look-up per subject and status.
            let drawn = stride(from: 0, to: allSubjects.count, by: step).map { k in
                (subject: allSubjects[k], status: statusOf[allSubjects[k].members[0]])
            }
            if drawn.count < allSubjects.count {
                canvas.add(
                    SVG.text(
                        frame.right - 4, frame.top + 12, "\(drawn.count) of \(allSubjects.count) subjects drawn; medians use all",
                        size: 10, anchor: .end, color: "#555", italic: true))
            }
            // Not-assessed first, so responders and non-responders are drawn on top.
            let drawOrder: [ResponseGroups.Status?] = [nil, .notAssessed, .nonResponder, .responder]
            for status in drawOrder {
                for (subject, _) in drawn.lazy.filter({ $0.status == status }) {
                    let series = LineSeries(
                        points: subject.members.map { (points[$0].x, points[$0].y) }, color: ResponseGroups.color(status),
                        width: 1.1, opacity: 0.5, markerRadius: 2, title: rows.text(.subject, code: subject.code))
                    canvas.add(series.render(x: xScale, y: yScale))
                }
            }
            // Median per visit and status group, at the visit's target day.
            for status in drawOrder {
                let members = mine.filter { statusOf[$0] == status }
                let byVisit = rows.grouped(members, by: .visit) { points[$0].record }
                let medians = byVisit.compactMap { visit, members -> (x: Double, y: Double)? in
                    guard let vx = visitX[rows.text(.visit, code: visit)] else { return nil }
                    let s = Summary(members.map { points[$0].y })
                    return s.n > 0 ? (vx, s.median) : nil
                }
                guard medians.count > 1 else { continue }
                canvas.add(
                    LineSeries(
                        points: medians, color: ResponseGroups.color(status), width: 3.2, opacity: 1,
                        markerRadius: 0, title: "median"
                    ).render(x: xScale, y: yScale))
            }
        }
        canvas.add(
            Legend.horizontal(
                entries, x: layout.span.from, y: height - 14 - 16 * Double(legendRows - 1), swatch: .line,
                maxWidth: width - layout.span.from - 8
            ).elements)
        return canvas
    }

    static func legendEntries(_ data: ReportData, statuses: Set<ResponseGroups.Status?>) -> [Legend.Entry] {
        if data.groups.primaryCriterion == nil { return [Legend.Entry("subject", color: ResponseGroups.color(nil))] }
        return ResponseGroups.Status.allCases.filter { statuses.contains($0) }.map {
            Legend.Entry(data.groups.label($0), color: ResponseGroups.color($0))
        }
    }
}
