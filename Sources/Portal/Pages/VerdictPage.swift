import Domain

/// The verdict of a batch: per file what was stored and rejected, then the problems grouped by
/// code (errors first), each with its file:line:column.
public enum VerdictPage {
    /// `plateQC` gives a batch's plate-QC page address once that page exists (nil: no link).
    public static func render(
        viewer: Viewer, study: String, verdict: Verdict, site: String?,
        plateQC: ((Int64) -> String)? = nil
    ) -> String {
        var body = "<h1>\(verdict.batch.map { "Batch \($0)" } ?? "Upload") · \(HTML.escape(study))</h1>"
        if let site { body += "<p>Site \(HTML.escape(site))</p>" }
        body += """
            <p class="box" id="totals"><span class="stored">\(verdict.stored) rows stored</span>, \
            <span class="rejected">\(verdict.rejected) rejected</span>, <span class="warning">\(verdict.warnings) warnings</span>\
            \(verdict.batch == nil ? " — no new batch: nothing was stored" : "")</p>
            """
        if let batch = verdict.batch, let plateQC {
            body += "<p><a href=\"\(HTML.escape(plateQC(batch)))\">Plate QC of this batch</a></p>"
        }
        body +=
            "<h2>Files</h2><table id=\"files\"><thead><tr><th>File</th><th>Format</th><th>Outcome</th><th>Rows stored</th><th>Rejected</th><th>Warnings</th><th>Note</th></tr></thead><tbody>"
        for f in verdict.files {
            body += """
                <tr><td>\(HTML.escape(f.name))</td><td>\(HTML.escape(f.format.isEmpty ? "?" : f.format))</td>\
                <td class="\(HTML.escape(f.outcome))">\(HTML.escape(f.outcome))</td><td class="num">\(f.rows)</td>\
                <td class="num">\(f.rejected)</td><td class="num">\(f.warnings)</td><td>\(HTML.escape(f.message))</td></tr>
                """
        }
        body += "</tbody></table>"
        let groups = Dictionary(grouping: verdict.diagnostics, by: { "\($0.severity)\u{0}\($0.code)" })
        let keys = groups.keys.sorted { a, b in
            let (sa, sb) = (a.hasPrefix("error"), b.hasPrefix("error"))
            return sa != sb ? sa : a < b
        }
        if !keys.isEmpty { body += "<h2>Problems</h2>" }
        for key in keys {
            let items = groups[key]!
            let first = items[0]
            body += """
                <section class="box"><h3 class="\(first.severity == "error" ? "rejected" : "warning")">\
                \(HTML.escape(first.severity)): <code>\(HTML.escape(first.code))</code> (\(items.count))</h3>
                """
            if let entry = DiagnosticCatalogue.entry(first.code) {
                body += "<p>\(HTML.escape(entry.meaning)) <strong>What to do:</strong> \(HTML.escape(entry.advice))</p>"
            }
            // A plate can raise thousands of warnings of one kind: the first few places are shown,
            // the rest folded away (every one of them is in the API's verdict and the store).
            let shown = 10, listed = 200
            body += "<ul>"
            for (i, d) in items.prefix(listed).enumerated() {
                if i == shown { body += "</ul><details><summary>\(items.count - shown) more</summary><ul>" }
                body += "<li><code>\(HTML.escape(d.place))</code> \(HTML.escape(d.message))</li>"
            }
            if items.count > listed { body += "<li>… \(items.count - listed) more (all in the API's verdict)</li>" }
            body += items.count > shown ? "</ul></details></section>" : "</ul></section>"
        }
        return HTML.page(title: "Verdict · \(study)", viewer: viewer, body: body)
    }
}
