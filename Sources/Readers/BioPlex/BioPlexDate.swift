/// Bio-Plex Manager dates: `16-Jun-2011` or `02-Mar-2007, 01:03 PM` (English month names,
/// whatever the Windows locale).
enum BioPlexDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func iso(_ text: String) -> String? {
        let datePart = text.split(separator: ",").first.map { String($0).trimmingSpaces } ?? ""
        let parts = datePart.split(separator: "-")
        guard parts.count == 3, let d = Int(parts[0]), let y = Int(parts[2]),
            let m = months.firstIndex(of: parts[1].prefix(3).lowercased())
        else {
            return DateParsing.isoDate(text)
        }
        return DateParsing.format(y < 100 ? 2000 + y : y, m + 1, d)
    }
}
