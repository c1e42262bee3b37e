import Domain

extension CivilDate {
    /// Days from `from` to `to` (positive when `to` is later); a text that is not a
    /// `yyyy-mm-dd` date is an analysis error naming it.
    static func daysBetween(_ from: String, _ to: String) throws -> Int {
        guard let a = CivilDate(iso: from) else { throw Derive.invalidDate(from) }
        guard let b = CivilDate(iso: to) else { throw Derive.invalidDate(to) }
        return b - a
    }
}
