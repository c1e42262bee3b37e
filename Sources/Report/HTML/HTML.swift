/// Small helpers for writing HTML by hand: escaped text, elements, tables.
enum HTML {
    static func text(_ s: String) -> String { XMLText.escape(s) }

    static func element(_ tag: String, _ content: String, attributes: [(String, String)] = []) -> String {
        "<\(tag)\(SVG.extra(attributes))>\(content)</\(tag)>"
    }

    /// A table with a header row; cells are already HTML. `rowClass` gives a class per row
    /// (empty for none).
    static func table(
        header: [String], rows: [[String]], rowClass: (Int) -> String = { _ in "" },
        numericColumns: Set<Int> = [], className: String = "data"
    ) -> String {
        var s = "<table class=\"\(className)\"><thead><tr>"
        for (i, h) in header.enumerated() { s += "<th\(numericColumns.contains(i) ? " class=\"num\"" : "")>\(h)</th>" }
        s += "</tr></thead><tbody>"
        for (r, row) in rows.enumerated() {
            let c = rowClass(r)
            s += c.isEmpty ? "<tr>" : "<tr class=\"\(c)\">"
            for (i, cell) in row.enumerated() { s += "<td\(numericColumns.contains(i) ? " class=\"num\"" : "")>\(cell)</td>" }
            s += "</tr>"
        }
        return s + "</tbody></table>"
    }

    /// A definition list of label → value (both escaped here).
    static func facts(_ items: [(String, String)]) -> String {
        "<dl class=\"facts\">" + items.map { "<dt>\(text($0.0))</dt><dd>\(text($0.1))</dd>" }.joined() + "</dl>"
    }

    /// A figure holding an inline SVG and a caption.
    static func figure(_ svg: SVGCanvas, caption: String) -> String {
        "<figure>\(svg.render())<figcaption>\(text(caption))</figcaption></figure>"
    }
}
