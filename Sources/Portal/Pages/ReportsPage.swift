/// Reports of a study: run one (blinded, or unblinded by a statistician who supplies the
/// randomization), open its HTML, download its CSV tables.
public enum ReportsPage {
    public static func render(viewer: Viewer, study: String, reports: [ReportRow], message: String? = nil) -> String {
        let s = HTML.segment(study)
        var body = "<h1>Reports · \(HTML.escape(study))</h1>"
        if let message { body += "<p class=\"box\" role=\"status\">\(HTML.escape(message))</p>" }
        body += """
            <form method="post" action="/studies/\(s)/reports" enctype="multipart/form-data" class="box">
            <input type="hidden" name="csrf" value="\(HTML.escape(viewer.csrf))">
            <p>Change-from-baseline report from the store's current generation (the same engine as <code>immunopipe report</code>).</p>
            \(viewer.mayUnblind ? "<p><label>Randomization CSV (subject, arm) to unblind: <input type=\"file\" name=\"randomization\"></label> (leave empty for a blinded report)</p>" : "<p>Blinded: arms pooled.</p>")
            <p><button type="submit" id="run-report">Run report</button></p>
            </form>
            """
        if reports.isEmpty {
            body += "<p>No reports yet.</p>"
        } else {
            body +=
                "<table id=\"reports\"><thead><tr><th>Report</th><th>Time (UTC)</th><th>By</th><th>Arms</th><th>Files</th></tr></thead><tbody>"
            for r in reports {
                let links = r.files.map { f in
                    "<a href=\"/studies/\(s)/reports/\(r.id)/files/\(HTML.segment(f))\"\(f.hasSuffix(".html") ? "" : " download")>\(HTML.escape(f))</a>"
                }.joined(separator: " ")
                body += """
                    <tr><td>\(r.id)</td><td>\(HTML.escape(r.created))</td><td>\(HTML.escape(r.user))</td>\
                    <td>\(r.blinded ? "blinded (pooled)" : "unblinded")</td><td>\(links)</td></tr>
                    """
            }
            body += "</tbody></table>"
        }
        return HTML.page(title: "Reports · \(study)", viewer: viewer, body: body)
    }
}
