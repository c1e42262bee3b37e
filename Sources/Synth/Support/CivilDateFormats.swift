import Domain

/// How instruments and clinics write a day (`CivilDate` is Domain's calendar).
extension CivilDate {
    /// The nearest working day: Saturday moves back to Friday, Sunday forward to Monday (clinics
    /// and labs see patients on weekdays).
    public var nearestWeekday: CivilDate {
        switch weekday {
        case 5: return self + (-1)
        case 6: return self + 1
        default: return self
        }
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
}
