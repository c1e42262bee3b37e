import Foundation

/// Number formats of the programs being imitated. `String(format:)` with the POSIX C locale
/// (Foundation's default on both platforms) so the decimal point never depends on the machine.
enum NumberText {
    /// Fixed decimals, without a negative zero (`-0.00` → `0.00`).
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    /// Fixed decimals with trailing zeros (and a bare point) removed: `61.50` → `61.5`, `4.00` → `4`.
    static func trimmed(_ x: Double, _ decimals: Int) -> String {
        var s = fixed(x, decimals)
        guard s.contains(".") else { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// FlowJo's table format: three significant digits, trailing zeros dropped (`6.12`, `13.6`,
    /// `89`), scientific below 0.01 (`6.73e-3`), whole numbers from 100 up (`35211`). This is what
    /// FlowJo writes for frequencies and for the Mean / SD rows (see the FlowJo 9 table in the
    /// corpus: `0.0314`, `6.73e-3`, `84.7`).
    static func flowJo(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 100 { return fixed(x.rounded(), 0) }
        if a < 0.01 {
            var exponent = Int(floor(log10(a)))
            var mantissa = a / pow(10, Double(exponent))
            if (mantissa * 100).rounded() >= 1000 {
                exponent += 1
                mantissa /= 10
            }
            return (x < 0 ? "-" : "") + trimmed(mantissa, 2) + "e\(exponent)"
        }
        let decimals = max(0, 2 - Int(floor(log10(a))))
        return trimmed(x, decimals)
    }

    /// Fifteen significant digits, as xPONENT writes computed concentrations
    /// (`993.625341838801`).
    static func g15(_ x: Double) -> String { String(format: "%.15g", x) }

    /// A median MFI: the median of an even number of bead events often ends in .5.
    static func mfi(_ x: Double) -> String { trimmed((x * 2).rounded() / 2, 1) }
}

/// One CSV line, RFC 4180 quoting where a field needs it.
enum CSVLine {
    static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func make(_ fields: [String], ending: String = "\n") -> String {
        fields.map(field).joined(separator: ",") + ending
    }

    /// Every field quoted, as xPONENT 4 writes its raw exports.
    static func quotedAll(_ fields: [String], ending: String = "\r\n") -> String {
        fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + ending
    }
}

/// A small CSV table built in memory (clinical files, manifests: a few thousand rows).
struct CSVTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) {
        precondition(row.count == header.count, "row width \(row.count) ≠ header width \(header.count)")
        rows.append(row)
    }

    var text: String {
        var s = CSVLine.make(header)
        for r in rows { s += CSVLine.make(r) }
        return s
    }
}
