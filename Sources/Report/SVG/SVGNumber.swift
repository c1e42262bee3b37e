/// Coordinates written with at most two decimals: enough for a screen or a print at 600 dpi,
/// and the markup stays small when a plot holds thousands of points.
enum SVGNumber {
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        var s = String(r)
        // Scanned as bytes: `contains` with a String argument is Foundation's substring search.
        if s.utf8.contains(UInt8(ascii: "e")) { s = String(Int(r.rounded())) }
        return s
    }
}
