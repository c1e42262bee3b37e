import Testing

@testable import Analysis

/// What step 4 relies on in `AnalysedRows` beyond decoding (`AnalysedRecordSpillTests`).
@Suite("Analysed rows")
struct AnalysedRowsTests {
    /// Subjects are ordered by their rank among the names; the ranks are read off without a
    /// sort when the codes already ascend by name, so both paths must give the sort's ranks.
    @Test(arguments: [
        ["DM01-001", "DM01-002", "DM01-010"], ["DM01-010", "DM01-001", "DM01-002"], ["b", "a"], ["a", "b", "ab"], ["x"], [],
    ])
    func ranksAreEachCodesPlaceAmongTheNames(_ names: [String]) {
        var rows = AnalysedRows()
        for n in names { _ = rows.intern(n, .subject) }
        let sorted = names.sorted()
        #expect(rows.ranks(.subject) == names.map { Int32(sorted.firstIndex(of: $0)!) })
        #expect(rows.distinctCount(.subject) == names.count)
    }

    /// Emptied for the next parameter, the rows keep their storage but none of the previous
    /// parameter's texts or codes.
    @Test func emptiedRowsCodeTheNextParametersTextsAfresh() {
        var rows = AnalysedRows()
        _ = rows.intern("DM01-001", .subject)
        _ = rows.intern("DM01-002", .subject)
        rows.removeAll()
        #expect(rows.distinctCount(.subject) == 0)
        #expect(rows.code(of: "DM01-001", in: .subject) == nil)
        #expect(rows.intern("DM01-002", .subject) == 0)
        #expect(rows.text(.subject, code: 0) == "DM01-002")
    }
}
