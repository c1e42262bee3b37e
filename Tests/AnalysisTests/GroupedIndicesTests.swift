import TestSupport
import Testing

@testable import Analysis

/// Grouping by runs, by the next group's key and by hash gives what grouping every index by
/// its key gives: groups in order of first appearance, each in index order.
@Suite("Grouped indices")
struct GroupedIndicesTests {
    /// The plain reading of the grouping, the oracle.
    private func reference(_ keys: [String]) -> (keys: [String], groups: [[Int]]) {
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (i, k) in keys.enumerated() {
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(i)
        }
        return (order, order.map { groups[$0]! })
    }

    private func check(_ keys: [String]) {
        let grouped = GroupedIndices(Array(keys.indices)) { keys[$0] }
        let want = reference(keys)
        #expect(grouped.keys == want.keys)
        #expect(grouped.groups == want.groups)
        #expect(grouped.groupNumber.map { grouped.keys[Int($0)] } == keys)
        for k in want.keys { #expect(grouped[k] == want.groups[want.keys.firstIndex(of: k)!]) }
        #expect(grouped["absent"] == [])
    }

    /// A subject's visits in order, subject after subject (the case the next-group guess is
    /// for), with a visit missing here and there and one out of order.
    @Test func cyclingKeys() {
        let visits = ["Baseline", "Week 4", "Week 12", "Week 24"]
        var keys: [String] = []
        for subject in 0..<30 {
            for (v, visit) in visits.enumerated() where (subject + v) % 7 != 3 { keys.append(visit) }
            if subject % 5 == 0 { keys.append("Week 4") }
        }
        check(keys)
    }

    @Test(arguments: 0..<20)
    func randomKeys(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed))
        let alphabet = (0..<(1 + seed % 9)).map { "k\($0)" }
        let keys = (0..<(seed * 13 % 200)).map { _ in alphabet.randomElement(using: &g)! }
        check(keys)
    }

    @Test func runsAndEmpty() {
        check([])
        check(["a"])
        check(["a", "a", "b", "b", "a", "c", "b", "c", "a"])
    }

    /// Subjects in the order the report derives them: ascending keys are searched, not
    /// hashed; keys absent before, between and after them are found absent.
    @Test func ascendingKeys() {
        let keys = ["S01", "S01", "S02", "S03", "S03", "S03", "S10"]
        check(keys)
        let grouped = GroupedIndices(Array(keys.indices)) { keys[$0] }
        for absent in ["", "S00", "S015", "S04", "S99"] { #expect(grouped[absent] == []) }
        // Ascending, then a key met before, then new keys again (some below the last).
        check(["S01", "S02", "S03", "S02", "S04", "S00", "S03", "S05"])
    }
}
