import Testing

@testable import Analysis

/// `SummaryGroups` deals a cell's values, sorted once, to every group of each member: each
/// group must get what filtering the cell to its members and sorting would give.
@Suite("Summary groups")
struct SummaryGroupsTests {
    /// Seven members in two arms (one in no listed arm), two criteria, one value missing.
    let armGroup = [1, 2, 1, 0, 2, 1, 2]
    let statusSlot = [[0, 1, 2, 0, 0, 1, 1], [2, 2, 0, 1, 0, 0, 1]]
    let values: [Double?] = [3.5, -1, nil, 7, 0.25, 3.5, -4]

    var groups: SummaryGroups { SummaryGroups(armGroup: armGroup, armGroupCount: 3, statusSlot: statusSlot) }

    /// Which members group `g` of `groups` holds, worked out from its definition.
    func members(armGroup a: Int, criterion k: Int?, slot: Int?) -> [Int] {
        armGroup.indices.filter { p in
            (a == 0 || armGroup[p] == a) && (k == nil || statusSlot[k!][p] == slot)
        }
    }

    /// The summary of those members' values, spelled out (NaN, the SD of one value, then
    /// compares equal to itself).
    func expected(_ members: [Int]) -> String {
        let present = members.compactMap { values[$0] }
        return "\(Summary(sorted: present.sorted(), missing: members.count - present.count))"
    }

    @Test func everyGroupHoldsItsMembersValuesInOrder() {
        let present = values.indices.compactMap { values[$0] }
        let positions = values.indices.filter { values[$0] != nil }
        let sorted = groups.sorted(present, positions: positions)
        for a in 0..<3 {
            #expect("\(sorted.summary(groups.everyone(a)))" == expected(members(armGroup: a, criterion: nil, slot: nil)))
            #expect(groups.memberCount[groups.everyone(a)] == members(armGroup: a, criterion: nil, slot: nil).count)
            for k in 0..<2 {
                for slot in 0..<SummaryGroups.statusCount {
                    let g = groups.group(a, criterion: k, slot: slot)
                    let m = members(armGroup: a, criterion: k, slot: slot)
                    #expect(groups.memberCount[g] == m.count, "arm group \(a), criterion \(k), status \(slot)")
                    #expect("\(sorted.summary(g))" == expected(m), "arm group \(a), criterion \(k), status \(slot)")
                }
            }
        }
    }

    @Test func withoutArmsOrCriteriaTheOneGroupIsTheCell() {
        let one = SummaryGroups(armGroup: [0, 0, 0], armGroupCount: 1, statusSlot: [])
        let sorted = one.sorted([2, -0.0, 1], positions: [0, 1, 2])
        #expect("\(sorted.summary(one.everyone(0)))" == "\(Summary([2, -0.0, 1]))")
        #expect(one.memberCount == [3])
    }
}
