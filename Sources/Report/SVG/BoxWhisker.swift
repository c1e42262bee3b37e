import Numerical

/// Tukey box plot statistics and drawing: the box spans Q1–Q3 (type-7 quantiles, as numpy and
/// R), the line inside is the median, whiskers reach the most extreme observations within
/// 1.5 IQR of the box. Every observation is drawn as a point (jittered sideways) so that small
/// groups are not hidden behind a box; a large group (a cohort of thousands) draws only the
/// values beyond its whiskers, as a classic Tukey plot does, or the page would carry tens of
/// thousands of circles per figure.
public struct BoxWhisker: Sendable {
    /// Largest group whose every value is drawn as a point.
    public static let maxPointsDrawn = 150

    public let n: Int
    public let q1: Double
    public let median: Double
    public let q3: Double
    public let lowerWhisker: Double
    public let upperWhisker: Double

    /// Nil when there is no value.
    public init?(_ values: [Double]) {
        let x = RadixSort.sorted(values.filter { $0.isFinite })
        guard !x.isEmpty else { return nil }
        n = x.count
        let lower = Quantile.type7(sorted: x, 0.25), upper = Quantile.type7(sorted: x, 0.75)
        let iqr = upper - lower
        q1 = lower
        median = Quantile.type7(sorted: x, 0.5)
        q3 = upper
        lowerWhisker = x.first { $0 >= lower - 1.5 * iqr } ?? lower
        upperWhisker = x.last { $0 <= upper + 1.5 * iqr } ?? upper
    }

    /// The box, whiskers and points within the band [left, left + width].
    public func render(
        points: [(value: Double, key: String)], left: Double, width: Double, y: any ContinuousScale,
        color: String, label: String
    ) -> [String] {
        var out: [String] = []
        let mid = left + width / 2
        let cap = width * 0.25
        let ink = SVG.Stroke("#333", width: 1)
        let top = y.position(q3), bottom = y.position(q1)
        out.append(SVG.line(mid, y.position(upperWhisker), mid, top, ink))
        out.append(SVG.line(mid, bottom, mid, y.position(lowerWhisker), ink))
        out.append(SVG.line(mid - cap, y.position(upperWhisker), mid + cap, y.position(upperWhisker), ink))
        out.append(SVG.line(mid - cap, y.position(lowerWhisker), mid + cap, y.position(lowerWhisker), ink))
        out.append(
            SVG.rect(
                x: left, y: top, width: width, height: bottom - top, fill: color, stroke: ink, fillOpacity: 0.35,
                title:
                    "\(label): n = \(n), median \(TickFormatter.label(median, step: 0.001)), IQR \(TickFormatter.label(q1, step: 0.001))–\(TickFormatter.label(q3, step: 0.001))"
            ))
        out.append(SVG.line(left, y.position(median), left + width, y.position(median), SVG.Stroke("#111", width: 2)))
        let all = points.count <= Self.maxPointsDrawn
        for p in points
        where p.value.isFinite && y.contains(p.value)
            && (all || p.value < lowerWhisker || p.value > upperWhisker)
        {
            let dx = Jitter.offset(p.key) * width * 0.35
            out.append(
                SVG.circle(
                    cx: mid + dx, cy: y.position(p.value), r: 2.6, fill: color,
                    stroke: SVG.Stroke("#fff", width: 0.5), fillOpacity: 0.9, title: p.key))
        }
        return out
    }
}
