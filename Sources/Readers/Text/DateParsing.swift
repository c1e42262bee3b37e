import Domain

/// Dates as exports write them, normalised to ISO 8601 (yyyy-mm-dd).
public enum DateParsing {
    /// Accepts `2024-03-05`, `2024/03/05`, and an ISO date-time (`2024-03-05T10:00:00`), whose time
    /// is dropped. Day-first and month-first forms are ambiguous and belong to the readers that
    /// know their instrument's locale (see `dayFirst`).
    public static func isoDate(_ text: String) -> String? {
        // `2024-03-05` exactly (every row of a manifest): read by bytes, and the text itself
        // returned when valid, since formatting gives it back unchanged.
        if let (y, m, d) = plainISO(text) { return isValid(y, m, d) ? text : nil }
        let t = text.trimmingSpaces
        let datePart = t.split(whereSeparator: { $0 == "T" || $0 == " " }).first.map(String.init) ?? t
        let parts = datePart.split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 3, parts[0].count == 4,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        return format(y, m, d)
    }

    /// `05/03/2024` as 5 March 2024 (xPONENT in a European locale).
    public static func dayFirst(_ text: String) -> String? {
        let parts = text.trimmingSpaces.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" || $0 == " " })
        guard parts.count >= 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return format(y < 100 ? 2000 + y : y, m, d)
    }

    /// `3/5/2024` as 5 March 2024 (xPONENT in a US locale).
    public static func monthFirst(_ text: String) -> String? {
        let parts = text.trimmingSpaces.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" || $0 == " " })
        guard parts.count >= 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return format(y < 100 ? 2000 + y : y, m, d)
    }

    /// Year, month and day of a text of exactly ten ASCII bytes `dddd-dd-dd`, else nil.
    private static func plainISO(_ text: String) -> (Int, Int, Int)? {
        let u = text.utf8
        guard u.count == 10 else { return nil }
        var fields = (0, 0, 0)
        for (i, b) in u.enumerated() {
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let digit = Int(b - UInt8(ascii: "0"))
            switch i {
            case 0..<4: fields.0 = fields.0 * 10 + digit
            case 5..<7: fields.1 = fields.1 * 10 + digit
            default: fields.2 = fields.2 * 10 + digit
            }
        }
        return fields
    }

    static func format(_ y: Int, _ m: Int, _ d: Int) -> String? {
        guard isValid(y, m, d) else { return nil }
        return "\(y)-\(CivilDate.two(m))-\(CivilDate.two(d))"
    }

    /// Whether year, month and day make a date the readers accept (years 1900 to 2200): checked
    /// without formatting it, for a text already in its ISO form (a first-dose file's every row).
    static func isValid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        (1900...2200).contains(y) && (1...12).contains(m) && d >= 1 && d <= CivilDate.daysIn(month: m, year: y)
    }
}
