/// One standalone inline SVG figure: a fixed-size drawing with an accessible title and
/// description, definitions (gradients) and elements in paint order.
public struct SVGCanvas: Sendable {
    public let width: Double
    public let height: Double
    /// What the figure is (`heatmap`, `trajectory`, `boxplot`…), written as `data-plot` so the
    /// page's figures can be found by kind.
    public var kind: String
    public var title: String
    public var description: String
    private(set) var definitions: [String] = []
    private(set) var elements: [String] = []
    public var attributes: [(String, String)] = []

    public init(width: Double, height: Double, kind: String, title: String, description: String = "") {
        self.width = width
        self.height = height
        self.kind = kind
        self.title = title
        self.description = description
    }

    public mutating func add(_ element: String) { elements.append(element) }
    public mutating func add(_ elements: [String]) { self.elements += elements }
    public mutating func define(_ definition: String) { definitions.append(definition) }

    /// The `<svg>` element, for inline use in HTML5 (which places it in the SVG namespace, so no
    /// `xmlns` and no URL at all in the page). `viewBox` lets the page scale it down on narrow
    /// screens while it keeps its proportions.
    public func render() -> String {
        var s = "<svg class=\"plot\" data-plot=\"\(XMLText.escape(kind))\""
        s += " width=\"\(SVGNumber.format(width))\" height=\"\(SVGNumber.format(height))\""
        s += " viewBox=\"0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))\" role=\"img\""
        s += " font-family=\"Helvetica, Arial, sans-serif\"" + SVG.extra(attributes) + ">"
        s += "<title>\(XMLText.escape(title))</title>"
        if !description.isEmpty { s += "<desc>\(XMLText.escape(description))</desc>" }
        if !definitions.isEmpty { s += "<defs>" + definitions.joined() + "</defs>" }
        s += "<rect x=\"0\" y=\"0\" width=\"\(SVGNumber.format(width))\" height=\"\(SVGNumber.format(height))\" fill=\"#fff\"/>"
        s += elements.joined(separator: "\n")
        return s + "</svg>"
    }
}
