import Analysis
import Domain
import Store

/// The plate QC page of one batch: what a Luminex lab checks before it accepts a run. Everything
/// shown was computed and stored by ingest (curves, recovery, control tracking, QC flags); the
/// page only reads and draws it, so it always agrees with the stored values.
public enum PlateQCPage {
    /// The QC flags ingest sets on plate values (each also a warning code).
    static let qcFlags: [MeasurementFlag] = [
        .standardRecoveryOutOfRange, .controlOutOfRange, .blankAboveLowestStandard, .cvHigh, .lowBeadCount,
    ]

    /// The page for batch `batch` of `store` (the portal's `/studies/{study}/batches/{id}/qc`).
    /// A batch without plates gets the cytometry QC page instead when it holds flow values.
    public static func html(store: StudyStore, batch: Int64, plausibility: [String: ClosedRange<Double>] = [:]) throws -> String {
        let data = try QCStoreReader.plateQC(store, batch: batch)
        if data.curves.isEmpty && data.controls.isEmpty && !data.cytometry.isEmpty {
            return CytometryQCPage.render(
                study: data.study, batch: batch, files: data.files, measurements: data.cytometry,
                plausibility: plausibility)
        }
        return render(data, plausibility: plausibility)
    }

    /// `plausibility`: the panel's overrides for the flow files of a mixed batch.
    public static func render(_ data: PlateQCData, plausibility: [String: ClosedRange<Double>] = [:]) -> String {
        let badStandards = data.standards.filter { $0.withinRange == "no" }
        let badControls = data.controls.filter { $0.withinRange == "no" }
        let highCV = data.replicates.filter(\.flagged)
        let lowBeads = data.beadCounts.filter(\.flagged)
        let failedCurves = data.curves.filter { $0.status != "fitted" }
        var body = HTML.facts([
            ("Study", data.study), ("Batch", String(data.batch)), ("Files", data.files.joined(separator: ", ")),
            ("Plates", data.plates.joined(separator: ", ")),
        ])
        body +=
            "<p>"
            + [
                summary(failedCurves.count, "curve not fitted", "curves not fitted"),
                summary(badStandards.count, "standard outside recovery range", "standards outside recovery range"),
                summary(badControls.count, "control result out of range", "control results out of range"),
                summary(highCV.count, "replicate group with high %CV", "replicate groups with high %CV"),
                summary(lowBeads.count, "well × analyte with low bead count", "well × analyte results with low bead count"),
            ].joined(separator: " ")
        body +=
            "</p>\n<nav><a href=\"#curves\">Standard curves</a><a href=\"#recovery\">Standard recovery</a><a href=\"#controls\">Controls</a>"
        body += "<a href=\"#cv\">Replicate %CV</a><a href=\"#beads\">Bead counts</a><a href=\"#warnings\">QC warnings</a>"
        body += (data.cytometry.isEmpty ? "" : "<a href=\"#populations\">Flow key populations</a>") + "</nav>\n"
        if data.curves.isEmpty { body += "<p>This batch holds no standard curves (no plate with standards).</p>" }

        body += "<section id=\"curves\"><h2>Standard curves</h2>"
        for plate in data.plates {
            let curves = data.curves.filter { $0.plate == plate }
            body += "<h3>\(HTML.text(plate))</h3><div class=\"curves\">"
            for c in curves {
                let standards = data.standards.filter { $0.plate == plate && $0.analyte == c.analyte }
                body += HTML.figure(
                    StandardCurvePlot.render(c, standards: standards),
                    caption: c.status == "fitted" ? "\(c.analyte) (\(c.sourceName))" : "\(c.analyte): \(c.message)")
            }
            body += "</div>"
            body += HTML.table(
                header: ["analyte", "status", "model", "response", "R²", "LLOQ", "ULOQ", "unit", "message"],
                rows: curves.map { c in
                    [
                        HTML.text(c.analyte), HTML.text(c.status), HTML.text(c.model), HTML.text(c.response),
                        QCPageShell.num(c.r2, digits: 5), QCPageShell.num(c.lloq), QCPageShell.num(c.uloq),
                        HTML.text(c.unit), HTML.text(c.message),
                    ]
                }, rowClass: { curves[$0].status == "fitted" ? "" : "fail" }, numericColumns: [4, 5, 6])
        }
        body += "</section>\n"

        body += "<section id=\"recovery\"><h2>Standard recovery</h2><p>Each standard well back-calculated on its curve; "
        body += "accepted within 70–130 % of expected. \(badStandards.count) of \(data.standards.count) outside.</p>"
        body += HTML.table(
            header: [
                "plate", "analyte", "standard", "well", "expected", "response", "back-calculated", "recovery %", "status", "within range",
            ],
            rows: data.standards.map { s in
                [
                    HTML.text(s.plate), HTML.text(s.analyte), HTML.text(s.standard), HTML.text(s.well), QCPageShell.num(s.expected),
                    QCPageShell.num(s.response), QCPageShell.num(s.backCalculated), QCPageShell.num(s.recoveryPercent, digits: 3),
                    HTML.text(s.status), HTML.text(s.withinRange),
                ]
            }, rowClass: { data.standards[$0].withinRange == "no" ? "fail" : "" }, numericColumns: [4, 5, 6, 7],
            className: "data recovery")
        body += "</section>\n"

        body += "<section id=\"controls\"><h2>Controls</h2><p>Observed concentration (pg/mL) against the control's range "
        body += "(the lab's, else expected ± 30 %). \(badControls.count) of \(data.controls.count) out of range.</p>"
        body += HTML.table(
            header: [
                "plate", "run date", "control", "well", "analyte", "observed", "qualifier", "expected", "low", "high", "recovery %",
                "within range",
            ],
            rows: data.controls.map { c in
                let r = c.result
                return [
                    HTML.text(r.plateID), HTML.text(r.runDate), HTML.text(r.control), HTML.text(r.well), HTML.text(r.analyte),
                    QCPageShell.num(r.observed), HTML.text(r.qualifier), QCPageShell.num(r.expected), QCPageShell.num(r.low),
                    QCPageShell.num(r.high), QCPageShell.num(c.recoveryPercent, digits: 3), HTML.text(c.withinRange),
                ]
            }, rowClass: { data.controls[$0].withinRange == "no" ? "fail" : "" }, numericColumns: [5, 7, 8, 9, 10],
            className: "data controls")
        body += "</section>\n"

        body += "<section id=\"cv\"><h2>Replicate %CV</h2><p>%CV of the raw response of replicate wells (n − 1 SD); "
        body += "ingest flags > 20 %, or > 25 % near the LLOQ. \(highCV.count) of \(data.replicates.count) groups flagged.</p>"
        body += cvTable(highCV, className: "data cv-flagged")
        if !data.replicates.isEmpty {
            body +=
                "<details><summary>All \(data.replicates.count) replicate groups</summary>\(cvTable(data.replicates, className: "data cv-all"))</details>"
        }
        body += "</section>\n"

        body += "<section id=\"beads\"><h2>Bead counts</h2><p>Wells × analytes with fewer than 50 beads (or flagged by the "
        body += "instrument): \(lowBeads.count) of \(data.beadCounts.count).</p>"
        body += HTML.table(
            header: ["well", "sample", "analyte", "bead count"],
            rows: lowBeads.map { [HTML.text($0.well), HTML.text($0.sample), HTML.text($0.analyte), QCPageShell.num($0.count)] },
            rowClass: { _ in "fail" }, numericColumns: [3], className: "data beads")
        body += "</section>\n"

        body += "<section id=\"warnings\"><h2>QC warnings</h2>"
        body += HTML.table(
            header: ["code", "where", "message"],
            rows: data.warnings.map { [HTML.text($0.code), HTML.text($0.location), HTML.text($0.message)] },
            className: "data warnings")
        body += "</section>"
        // A batch of plates and flow files: the flow samples' key populations too.
        if !data.cytometry.isEmpty { body += "\n" + CytometryQCPage.section(data.cytometry, plausibility: plausibility) }
        let verdict = failedCurves.isEmpty && badControls.isEmpty ? "" : " (needs review)"
        return QCPageShell.page(
            title: "\(data.study) batch \(data.batch) plate QC", heading: "Plate QC · batch \(data.batch)\(verdict)",
            lead: "Standard curves, recovery, controls, replicate %CV and bead counts as stored by ingest.", body: body)
    }

    static func cvTable(_ groups: [ReplicateGroup], className: String) -> String {
        HTML.table(
            header: ["analyte", "sample", "type", "wells", "values", "mean", "%CV"],
            rows: groups.map { g in
                [
                    HTML.text(g.analyte), HTML.text(g.sample), HTML.text(g.wellType), HTML.text(g.wells.joined(separator: ", ")),
                    HTML.text(g.values.map { CurveNumber.format($0) }.joined(separator: ", ")), QCPageShell.num(g.mean),
                    QCPageShell.num(g.cvPercent, digits: 3),
                ]
            }, rowClass: { groups[$0].flagged ? "fail" : "" }, numericColumns: [5, 6], className: className)
    }

    static func summary(_ n: Int, _ one: String, _ many: String) -> String {
        QCPageShell.badge("\(n) \(n == 1 ? one : many)", n == 0 ? "ok" : "fail")
    }

    /// The well type ingest recorded in the flags (`standard`, `control`, `blank`, `unknown`).
    static func wellType(_ m: Domain.Measurement) -> String {
        for f in [MeasurementFlag.standard, .control, .blank, .unknown] where m.hasFlag(f) { return f.rawValue }
        return "unknown"
    }
}
