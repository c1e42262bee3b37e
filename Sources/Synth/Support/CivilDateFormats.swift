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
    public var compact: String { joined([.year, .month, .day], separator: "", padded: true) }

    /// `04/04/2023` (US month-first, zero-padded), xPONENT 4 header `Date`.
    public var monthFirstPadded: String { joined([.month, .day, .year], separator: "/", padded: true) }

    /// `4/4/2023` (US month-first, not padded), xPONENT 4 batch start/stop times.
    public var monthFirst: String { joined([.month, .day, .year], separator: "/", padded: false) }

    /// `04/04/2023` day-first, as xPONENT writes it in a European or Asian locale.
    public var dayFirst: String { joined([.day, .month, .year], separator: "/", padded: true) }

    private enum Part { case year, month, day }

    /// The parts in `order`; `padded` writes month and day with two digits (the year as it is).
    private func joined(_ order: [Part], separator: String, padded: Bool) -> String {
        let c = components
        return order.map { part in
            switch part {
            case .year: return "\(c.year)"
            case .month: return padded ? Self.two(c.month) : "\(c.month)"
            case .day: return padded ? Self.two(c.day) : "\(c.day)"
            }
        }.joined(separator: separator)
    }
}
