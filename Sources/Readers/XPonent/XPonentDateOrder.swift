/// xPONENT writes dates in the Windows locale of the acquisition PC: `05/17/2023` in the US,
/// `26/02/2014` in the UK, ISO `2024-10-19` on INTELLIFLEX. The order is decided from the file
/// itself: first from any header date whose day cannot be a month (a part above 12), then from
/// the `Country Code` line, which is the Windows locale id in hex (409 en-US, 809 en-GB, 7F the
/// invariant culture). When neither settles it the date is left as written, with a warning.
enum XPonentDateOrder: String {
    case dayFirst = "day-first"
    case monthFirst = "month-first"

    struct Decision {
        var order: XPonentDateOrder?
        /// Why: the token or locale that decided it, or why nothing did.
        var reason: String
    }

    static func decide(dates: [(text: String, line: Int)], countryCode: String?) -> Decision {
        var dayEvidence: (String, Int)?
        var monthEvidence: (String, Int)?
        for (text, line) in dates {
            let parts = text.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 3 else { continue }
            if parts[0] > 12, parts[1] <= 12, dayEvidence == nil { dayEvidence = (text, line) }
            if parts[1] > 12, parts[0] <= 12, monthEvidence == nil { monthEvidence = (text, line) }
        }
        switch (dayEvidence, monthEvidence) {
        case (let d?, nil):
            return Decision(order: .dayFirst, reason: "'\(d.0)' on line \(d.1) can only be day-first")
        case (nil, let m?):
            return Decision(order: .monthFirst, reason: "'\(m.0)' on line \(m.1) can only be month-first")
        case (let d?, let m?):
            return Decision(
                order: nil, reason: "header dates disagree: '\(d.0)' (line \(d.1)) is day-first, '\(m.0)' (line \(m.1)) month-first")
        case (nil, nil):
            break
        }
        if let code = countryCode?.trimmingSpaces.uppercased(), !code.isEmpty {
            if monthFirstLocales.contains(code) {
                return Decision(order: .monthFirst, reason: "Country Code \(code) is a month-first Windows locale")
            }
            if dayFirstLocales.contains(code) {
                return Decision(order: .dayFirst, reason: "Country Code \(code) is a day-first Windows locale")
            }
            return Decision(order: nil, reason: "no header date settles the order and Country Code \(code) is not a known locale")
        }
        return Decision(order: nil, reason: "no header date settles the order and there is no Country Code")
    }

    /// The ISO date of `text` (`26/02/2014`, `5/17/2023 6:42:29 PM`, `2024-10-18 11:36`), or nil.
    func iso(_ text: String) -> String? {
        Self.iso(text, order: self)
    }

    static func iso(_ text: String, order: XPonentDateOrder?) -> String? {
        if let d = DateParsing.isoDate(text) { return d }
        guard let datePart = text.trimmingSpaces.split(separator: " ").first.map(String.init),
            datePart.contains("/")
        else { return nil }
        switch order {
        case .dayFirst: return DateParsing.dayFirst(datePart)
        case .monthFirst: return DateParsing.monthFirst(datePart)
        case nil:
            // Undecided order still gives one answer when day and month agree (01/01/2025).
            let a = DateParsing.dayFirst(datePart), b = DateParsing.monthFirst(datePart)
            return a == b ? a : nil
        }
    }

    /// Windows LCIDs (hex, as xPONENT writes them) whose short date is M/d/yyyy.
    static let monthFirstLocales: Set<String> = ["409", "0409", "7F", "007F", "3409", "2809"]
    /// LCIDs whose short date is d/M/yyyy or d.M.yyyy (UK, Ireland, Australia, New Zealand,
    /// India, most of continental Europe, Latin America).
    static let dayFirstLocales: Set<String> = [
        "809", "0809", "1809", "C09", "0C09", "1409", "4009", "1C09", "407", "0407", "807", "0807",
        "C07", "0C07", "40C", "040C", "80C", "080C", "100C", "410", "0410", "40A", "040A", "C0A", "0C0A",
        "80A", "080A", "413", "0413", "813", "0813", "416", "0416", "816", "0816", "419", "0419",
        "406", "0406", "414", "0414", "40B", "040B", "415", "0415", "405", "0405", "40E", "040E",
        "408", "0408", "41F", "041F", "40D", "040D",
    ]
}
