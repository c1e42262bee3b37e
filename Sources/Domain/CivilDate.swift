/// A calendar day without time or time zone, as days since 1970-01-01 (proleptic Gregorian,
/// H. Hinnant's `days_from_civil` / `civil_from_days`), so that study days, visit windows and
/// schedules are plain integer arithmetic and never depend on the machine's locale or clock.
/// The one calendar of the project: readers, analysis and the sample-data generator share it.
public struct CivilDate: Hashable, Comparable, Sendable {
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Hinnant's `days_from_civil` (the fields are not validated: see `init?(iso:)`).
    public init(_ year: Int, _ month: Int, _ day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// `yyyy-mm-dd` exactly, a real calendar day; nil otherwise.
    public init?(iso: String) {
        // Ten ASCII bytes, digits and two dashes, as nearly every date is: read from the bytes
        // (splitting into substrings and parsing each was most of deriving study days, a
        // report parsing each subject's every visit date). Anything else (a sign, other
        // characters) takes the general reading below, the same rule.
        if let (y, m, d) = iso.utf8.withContiguousStorageIfAvailable(Self.plainDigits) ?? nil {
            guard (1...12).contains(m), d >= 1, d <= Self.daysIn(month: m, year: y) else { return nil }
            self.init(y, m, d)
            return
        }
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= Self.daysIn(month: m, year: y)
        else { return nil }
        self.init(y, m, d)
    }

    /// Year, month and day of `dddd-dd-dd` in ASCII digits; nil for any other bytes.
    private static func plainDigits(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ digits: Range<Int>) -> Int? {
            var value = 0
            for i in digits {
                let digit = b[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        return (y, m, d)
    }

    /// Hinnant's `civil_from_days`.
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `2023-04-04`.
    public var iso: String {
        let c = components
        let year = String(c.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + Self.two(c.month) + "-" + Self.two(c.day)
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }

    public static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func + (d: CivilDate, days: Int) -> CivilDate { CivilDate(daysSinceEpoch: d.daysSinceEpoch + days) }
    public static func - (a: CivilDate, b: CivilDate) -> Int { a.daysSinceEpoch - b.daysSinceEpoch }
    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// Two digits, zero-padded.
    public static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
