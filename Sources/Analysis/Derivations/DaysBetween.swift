import Domain

extension CivilDate {
    /// Days from `from` to `to` (positive when `to` is later); a text that is not a
    /// `yyyy-mm-dd` date is an analysis error naming it.
    static func daysBetween(_ from: String, _ to: String) throws -> Int {
        guard let a = CivilDate(iso: from) else { throw AnalysisError(code: "invalid-date", "'\(from)' is not a date (yyyy-mm-dd)") }
        guard let b = CivilDate(iso: to) else { throw AnalysisError(code: "invalid-date", "'\(to)' is not a date (yyyy-mm-dd)") }
        return b - a
    }
}
