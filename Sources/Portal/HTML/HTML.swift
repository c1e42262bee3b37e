import Report

/// Minimal HTML building: escaping and the page frame. Every page is a function of its data
/// returning a complete document with its CSS inline (no external assets).
public enum HTML {
    /// Escapes text for element content and double-quoted attribute values (the one escaper
    /// the report's SVG and HTML use too).
    public static func escape(_ s: String) -> String { XMLText.escape(s) }

    /// A path segment for a link (study ids and names are restricted, but never trust them).
    public static func segment(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(UnicodeScalar(b))
            if c.isLetter && b < 128 || c.isNumber && b < 128 || c == "-" || c == "_" || c == "." {
                out.append(c)
            } else {
                out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    static let style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#f7f8fa}
        header{background:#17324d;color:#fff;padding:.6em 1.2em;display:flex;gap:1.2em;align-items:center}
        header a{color:#fff}header .who{margin-left:auto;font-size:.9em}
        main{max-width:70em;margin:1.2em auto;padding:0 1.2em}
        table{border-collapse:collapse;margin:.6em 0;background:#fff}
        th,td{border:1px solid #d0d5dc;padding:.3em .6em;text-align:left;vertical-align:top}
        th{background:#eef1f5}.num{text-align:right}
        .stored{color:#17643a}.rejected{color:#a4161a}.skipped{color:#6c757d}.warning{color:#8a5a00}
        .box{background:#fff;border:1px solid #d0d5dc;padding:.8em 1em;margin:.8em 0}
        .drop{border:2px dashed #8a99ab;padding:1.5em;text-align:center;background:#fff}
        .drop.over{background:#e8f0fa}
        code{font-size:.92em}.err{color:#a4161a}
        button,input[type=submit]{padding:.35em .9em}
        """

    /// The page frame: title, navigation for a signed-in viewer, body.
    public static func page(title: String, viewer: Viewer?, body: String, script: String = "") -> String {
        var nav = ""
        if let v = viewer {
            let s = segment(v.study)
            nav = """
                <a href="/studies">Studies</a><a href="/studies/\(s)">\(escape(v.study))</a>
                \(v.mayUpload ? "<a href=\"/studies/\(s)/upload\">Upload</a>" : "")
                \(v.mayReport ? "<a href=\"/studies/\(s)/reports\">Reports</a>" : "")
                <span class="who">\(escape(v.name)) (\(escape(v.role))\(v.site.map { ", site " + escape($0) } ?? ""))
                <form method="post" action="/logout" style="display:inline"><input type="hidden" name="csrf" value="\(escape(v.csrf))"><button>Sign out</button></form></span>
                """
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <title>\(escape(title)) · immunopipe</title><style>\(style)</style></head>
            <body><header><strong>immunopipe</strong>\(nav)</header>
            <main>
            \(body)
            </main>\(script.isEmpty ? "" : "<script>\(script)</script>")</body></html>
            """
    }
}
