/// A study's batches grouped by site, then by day (newest first): what each lab sent and when.
public enum OverviewPage {
    public static func render(viewer: Viewer, study: String, batches: [BatchRow]) -> String {
        let s = HTML.segment(study)
        let bySite = Dictionary(grouping: batches, by: \.site)
        var body = "<h1>\(HTML.escape(study))</h1>"
        if viewer.role == "lab" {
            body += "<p>Uploads of site \(HTML.escape(viewer.site ?? "")) only.</p>"
        }
        if batches.isEmpty { body += "<p>No batches yet.</p>" }
        for site in bySite.keys.sorted() {
            body += "<h2>Site \(HTML.escape(site.isEmpty ? "(command line)" : site))</h2>"
            let byDay = Dictionary(grouping: bySite[site]!, by: \.day)
            for day in byDay.keys.sorted(by: >) {
                body +=
                    "<h3>\(HTML.escape(day))</h3><table><thead><tr><th>Batch</th><th>Time (UTC)</th><th>By</th><th>Files</th><th>Rows stored</th><th>Rejected</th><th>Warnings</th></tr></thead><tbody>"
                for b in byDay[day]!.sorted(by: { $0.id > $1.id }) {
                    body += """
                        <tr><td><a href="/studies/\(s)/batches/\(b.id)">\(b.id)</a></td><td>\(HTML.escape(b.created))</td>\
                        <td>\(HTML.escape(b.user))</td><td>\(b.files.map(HTML.escape).joined(separator: "<br>"))</td>\
                        <td class="num">\(b.rows)</td><td class="num">\(b.rejected)</td><td class="num">\(b.warnings)</td></tr>
                        """
                }
                body += "</tbody></table>"
            }
        }
        return HTML.page(title: study, viewer: viewer, body: body)
    }
}
