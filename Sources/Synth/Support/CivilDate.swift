/// A calendar day without time or time zone, as days since 1970-01-01, so that visit schedules
/// are plain integer arithmetic and never depend on the machine's locale or clock.
public struct CivilDate: Hashable, Comparable, Sendable {
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Howard Hinnant's `days_from_civil`.
    public init(_ year: Int, _ month: Int, _ day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146097 + doe - 719468
    }

    /// Hinnant's `civil_from_days`.
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }

    /// The nearest working day: Saturday moves back to Friday, Sunday forward to Monday (clinics
    /// and labs see patients on weekdays).
    public var nearestWeekday: CivilDate {
        switch weekday {
        case 5: return self + (-1)
        case 6: return self + 1
        default: return self
        }
    }

    public static func + (d: CivilDate, days: Int) -> CivilDate { CivilDate(daysSinceEpoch: d.daysSinceEpoch + days) }
    public static func - (a: CivilDate, b: CivilDate) -> Int { a.daysSinceEpoch - b.daysSinceEpoch }
    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// `2023-04-04`.
    public var iso: String {
        let c = components
        return "\(c.year)-\(Self.two(c.month))-\(Self.two(c.day))"
    }

    /// `20230404`, as instrument file names carry dates.
    public var compact: String {
        let c = components
        return "\(c.year)\(Self.two(c.month))\(Self.two(c.day))"
    }

    /// `04/04/2023` (US month-first, zero-padded), xPONENT 4 header `Date`.
    public var monthFirstPadded: String {
        let c = components
        return "\(Self.two(c.month))/\(Self.two(c.day))/\(c.year)"
    }

    /// `4/4/2023` (US month-first, not padded), xPONENT 4 batch start/stop times.
    public var monthFirst: String {
        let c = components
        return "\(c.month)/\(c.day)/\(c.year)"
    }

    /// `04/04/2023` day-first, as xPONENT writes it in a European or Asian locale.
    public var dayFirst: String {
        let c = components
        return "\(Self.two(c.day))/\(Self.two(c.month))/\(c.year)"
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
