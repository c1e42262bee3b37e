/// SVG element markup. Every function returns one element as text; attribute values are escaped
/// and coordinates rounded (`SVGNumber`), so callers never build markup by hand.
public enum SVG {
    public enum Anchor: String, Sendable { case start, middle, end }

    public struct Stroke: Sendable {
        public var color: String
        public var width: Double
        /// `stroke-dasharray`, empty for a solid line.
        public var dash: String
        public var opacity: Double
        public init(_ color: String, width: Double = 1, dash: String = "", opacity: Double = 1) {
            self.color = color
            self.width = width
            self.dash = dash
            self.opacity = opacity
        }

        var attributes: String {
            var a = "stroke=\"\(XMLText.escape(color))\" stroke-width=\"\(SVGNumber.format(width))\""
            if !dash.isEmpty { a += " stroke-dasharray=\"\(dash)\"" }
            if opacity < 1 { a += " stroke-opacity=\"\(SVGNumber.format(opacity))\"" }
            return a
        }
    }

    static func n(_ x: Double) -> String { SVGNumber.format(x) }

    /// Extra attributes (`data-*`, `class`) appended to an element, escaped.
    static func extra(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XMLText.escape($0.1))\"" }.joined()
    }

    public static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ stroke: Stroke) -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" \(stroke.attributes)/>"
    }

    public static func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        stroke: Stroke? = nil, fillOpacity: Double = 1,
        attributes: [(String, String)] = [], title: String? = nil
    ) -> String {
        var s =
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(XMLText.escape(fill))\""
        if fillOpacity < 1 { s += " fill-opacity=\"\(n(fillOpacity))\"" }
        if let stroke { s += " " + stroke.attributes }
        s += extra(attributes)
        guard let title else { return s + "/>" }
        return s + "><title>\(XMLText.escape(title))</title></rect>"
    }

    public static func circle(
        cx: Double, cy: Double, r: Double, fill: String, stroke: Stroke? = nil,
        fillOpacity: Double = 1, title: String? = nil
    ) -> String {
        var s = "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(XMLText.escape(fill))\""
        if fillOpacity < 1 { s += " fill-opacity=\"\(n(fillOpacity))\"" }
        if let stroke { s += " " + stroke.attributes }
        guard let title else { return s + "/>" }
        return s + "><title>\(XMLText.escape(title))</title></circle>"
    }

    /// An open polyline through `points` (no fill).
    public static func polyline(_ points: [(Double, Double)], _ stroke: Stroke, title: String? = nil) -> String {
        let p = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        let s = "<polyline points=\"\(p)\" fill=\"none\" \(stroke.attributes) stroke-linejoin=\"round\""
        guard let title else { return s + "/>" }
        return s + "><title>\(XMLText.escape(title))</title></polyline>"
    }

    public static func text(
        _ x: Double, _ y: Double, _ content: String, size: Double = 12,
        anchor: Anchor = .start, weight: String = "normal", color: String = "#222",
        rotate: Double = 0, baseline: String = "auto", italic: Bool = false
    ) -> String {
        var s = "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(color)\""
        if weight != "normal" { s += " font-weight=\"\(weight)\"" }
        if italic { s += " font-style=\"italic\"" }
        if baseline != "auto" { s += " dominant-baseline=\"\(baseline)\"" }
        if rotate != 0 { s += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        return s + ">\(XMLText.escape(content))</text>"
    }

    /// A group holding `children`, optionally with attributes (`class`, `data-*`).
    public static func group(_ children: [String], attributes: [(String, String)] = []) -> String {
        "<g\(extra(attributes))>" + children.joined() + "</g>"
    }
}
