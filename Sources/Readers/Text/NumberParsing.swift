/// Numbers as lab software writes them: `4.43E+05`, `12.5%`, ` 3 `, and, in files that use `;`
/// as the delimiter, a decimal comma (`12,5`).
///
/// The one place that decides what a number is, for every reader (the byte fast paths in
/// `FieldInterning` and the tidy reader included): a plain decimal, `[+|-]digits[.digits]`
/// with an optional exponent `e[+|-]digits`, whose value is finite and does not underflow.
/// Swift's `Double(String)` and `strtod` also take `0x1F` (31), `inf`, `nan`, `infinity`, and
/// turn `1e-400` into 0: none of these is something an instrument writes as a result, so they
/// are not numbers here and the caller reports the cell (`rejectionReason` says why).
public enum NumberParsing {
    /// Parses a plain number. Returns nil for anything that is not entirely a number, so that a
    /// stray token can never become a value silently.
    public static func double(_ text: String, decimalComma: Bool = false) -> Double? {
        // Every cell of every table comes through here: read where it lies, without a copy
        // unless a decimal comma must be turned into a point.
        var text = text
        return text.withUTF8 { all in
            guard let core = trimmed(all) else { return nil }
            guard decimalComma, core.contains(UInt8(ascii: ",")) else { return decimal(core) }
            return withPointNotComma(core).withUnsafeBufferPointer { decimal($0) }
        }
    }

    /// A plain decimal (see the type's comment), with no spaces, `%` or decimal comma; nil
    /// otherwise. Use this rather than `Double(_:)` wherever a file's text becomes a number.
    public static func decimal<S: StringProtocol>(_ text: S) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { decimal($0) }
    }

    /// Why `text` is not a number, when it looks like one in a form that is refused (hex,
    /// infinity, underflow, overflow); nil when it is a number or plainly text. For messages.
    public static func rejectionReason(_ text: String, decimalComma: Bool = false) -> String? {
        guard let s = normalised(text, decimalComma: decimalComma), decimal(s) == nil else { return nil }
        let lower = s.lowercased()
        let body = lower.hasPrefix("-") || lower.hasPrefix("+") ? String(lower.dropFirst()) : lower
        if body.hasPrefix("0x") { return "hexadecimal numbers are not accepted" }
        if ["inf", "infinity", "nan"].contains(body) { return "infinity and NaN spelled as numbers are not accepted" }
        let bytes = Array(s.utf8)
        guard let shape = bytes.withUnsafeBufferPointer({ syntax($0) }) else { return nil }
        guard let d = Double(s) else { return nil }
        if !d.isFinite { return "the number is too large to represent" }
        if shape.nonZeroDigit && (d == 0 || d.isSubnormal) { return "the number is too small to represent (it would be read as 0)" }
        return nil
    }

    /// The text with surrounding spaces and a trailing `%` removed, and a decimal comma turned
    /// into a point (`1.234,5` → `1234.5`); nil when nothing is left.
    private static func normalised(_ text: String, decimalComma: Bool) -> String? {
        var text = text
        return text.withUTF8 { all in
            guard let core = trimmed(all) else { return nil }
            guard decimalComma, core.contains(UInt8(ascii: ",")) else { return String(decoding: core, as: UTF8.self) }
            return String(decoding: withPointNotComma(core), as: UTF8.self)
        }
    }

    /// `utf8` without surrounding spaces and tabs and trailing `%`s; nil when nothing is left.
    /// By bytes: these are single bytes that no mark can join, so trimming bytes trims the same
    /// characters.
    private static func trimmed(_ utf8: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var lo = 0, hi = utf8.count
        while lo < hi, utf8[lo] == UInt8(ascii: " ") || utf8[lo] == UInt8(ascii: "\t") { lo += 1 }
        while hi > lo, utf8[hi - 1] == UInt8(ascii: " ") || utf8[hi - 1] == UInt8(ascii: "\t") || utf8[hi - 1] == UInt8(ascii: "%") {
            hi -= 1
        }
        return lo == hi ? nil : UnsafeBufferPointer(rebasing: utf8[lo..<hi])
    }

    /// A decimal-comma number's bytes with the thousands points dropped and the comma a point.
    private static func withPointNotComma(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        utf8.compactMap { $0 == UInt8(ascii: ".") ? nil : ($0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0) }
    }

    /// The value of a plain decimal given as bytes, or nil (see the type's comment).
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let shape = syntax(bytes) else { return nil }
        let d: Double?
        if let fast = shape.hasExponent ? nil : fastPlainDouble(bytes) {
            d = fast
        } else {
            d = Double(String(decoding: bytes, as: UTF8.self))
        }
        guard let d, d.isFinite else { return nil }
        // Underflow: nonzero digits that the double cannot hold (0 or lost precision).
        if shape.nonZeroDigit && (d == 0 || d.isSubnormal) { return nil }
        return d
    }

    /// `[+|-]digits[.digits][e[+|-]digits]` with at least one mantissa digit; whether an
    /// exponent is present and whether any mantissa digit is not zero. nil for anything else.
    @inline(__always)
    static func syntax(_ b: UnsafeBufferPointer<UInt8>) -> (hasExponent: Bool, nonZeroDigit: Bool)? {
        let n = b.count
        var i = 0
        if i < n, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        var mantissaDigits = 0
        var nonZero = false
        var seenPoint = false
        while i < n {
            let c = b[i]
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                mantissaDigits += 1
                if c != UInt8(ascii: "0") { nonZero = true }
            } else if c == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        guard mantissaDigits > 0 else { return nil }
        if i == n { return (false, nonZero) }
        guard b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") else { return nil }
        i += 1
        if i < n, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        var exponentDigits = 0
        while i < n, b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9") {
            exponentDigits += 1
            i += 1
        }
        guard exponentDigits > 0, i == n else { return nil }
        return (true, nonZero)
    }
}
