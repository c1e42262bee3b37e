/// A data series drawn as a polyline with point markers, through two continuous scales.
/// Points outside either scale's domain are skipped, never clamped onto the edge.
public struct LineSeries: Sendable {
    public var points: [(x: Double, y: Double)]
    public var color: String
    public var width: Double
    public var opacity: Double
    public var markerRadius: Double
    /// Tooltip shown by the browser on hover (subject id).
    public var title: String?

    public init(
        points: [(x: Double, y: Double)], color: String, width: Double = 1.2, opacity: Double = 0.75,
        markerRadius: Double = 2.2, title: String? = nil
    ) {
        self.points = points
        self.color = color
        self.width = width
        self.opacity = opacity
        self.markerRadius = markerRadius
        self.title = title
    }

    public func render(x: any ContinuousScale, y: any ContinuousScale) -> [String] {
        let pixels = points.filter { x.contains($0.x) && y.contains($0.y) }
            .sorted { $0.x < $1.x }
            .map { (x.position($0.x), y.position($0.y)) }
        guard !pixels.isEmpty else { return [] }
        var children: [String] = []
        if pixels.count > 1 {
            children.append(SVG.polyline(pixels, SVG.Stroke(color, width: width, opacity: opacity), title: title))
        }
        if markerRadius > 0 {
            for p in pixels { children.append(SVG.circle(cx: p.0, cy: p.1, r: markerRadius, fill: color, fillOpacity: opacity)) }
        }
        return [SVG.group(children)]
    }
}
