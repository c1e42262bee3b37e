/// ISO 8601 calendar dates as day numbers, without Foundation's time zones (a date is a day, not
/// an instant). Days are counted from 1970-01-01 with the proleptic Gregorian calendar
/// (H. Hinnant's `days_from_civil`).
public enum CivilDate {
    /// The day number of `yyyy-mm-dd`, nil when the text is not a valid date.
    public static func dayNumber(_ iso: String) -> Int? {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y) else { return nil }
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `yyyy-mm-dd` of a day number (Hinnant's `civil_from_days`).
    public static func iso(dayNumber z0: Int) -> String {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from `from` to `to` (positive when `to` is later).
    public static func daysBetween(_ from: String, _ to: String) throws -> Int {
        guard let a = dayNumber(from) else { throw AnalysisError(code: "invalid-date", "'\(from)' is not a date (yyyy-mm-dd)") }
        guard let b = dayNumber(to) else { throw AnalysisError(code: "invalid-date", "'\(to)' is not a date (yyyy-mm-dd)") }
        return b - a
    }
}
