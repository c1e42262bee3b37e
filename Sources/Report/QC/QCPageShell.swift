/// The frame every QC page shares: one self-contained HTML document (the report's style sheet
/// plus a few QC classes inline; no script, no external asset).
enum QCPageShell {
    static let css = """
        tr.fail td { background: #fde9e7; }
        tr.warn td { background: #fff3c4; }
        td.fail { background: #fde9e7; color: #8a1c12; font-weight: 600; }
        td.ok { color: #1d6b2f; }
        .badge { display: inline-block; padding: 1px 7px; border-radius: 3px; font-size: 12px; font-weight: 600; }
        .badge.fail { background: #fde9e7; color: #8a1c12; border: 1px solid #e7b3ad; }
        .badge.ok { background: #e5f4e8; color: #1d6b2f; border: 1px solid #b5dcbf; }
        .badge.warn { background: #fff3c4; color: #6b5400; border: 1px solid #e6d48a; }
        table.matrix td, table.matrix th { text-align: center; padding: 3px 6px; }
        table.matrix td.received { background: #e5f4e8; color: #1d6b2f; }
        table.matrix td.missing { background: #fde9e7; color: #8a1c12; font-weight: 600; }
        table.matrix td.rejected { background: #fff3c4; color: #6b5400; font-weight: 600; }
        table.matrix th.subject { text-align: left; }
        .curves { display: flex; flex-wrap: wrap; gap: 4px 18px; }
        """

    static func page(title: String, heading: String, lead: String, body: String) -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        s += "<title>\(HTML.text(title))</title><style>\(StyleSheet.css)\n\(css)</style></head><body>\n"
        s += "<h1>\(HTML.text(heading))</h1>\n<p class=\"lead\">\(HTML.text(lead))</p>\n"
        s += body
        s += "\n<footer>immunopipe QC · \(HTML.text(title))</footer>\n</body></html>\n"
        return s
    }

    static func badge(_ text: String, _ kind: String) -> String { "<span class=\"badge \(kind)\">\(HTML.text(text))</span>" }

    static func num(_ x: Double, digits: Int = 4) -> String { HTML.text(CurveNumber.format(x, digits: digits)) }
}
