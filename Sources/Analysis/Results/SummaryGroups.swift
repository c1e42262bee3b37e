import Numerical

/// The groups one summary cell's members fall into, and each group's values in ascending
/// order. Per arm group (all arms, then each arm when unblinded): everyone, then each
/// evaluated criterion's three response statuses. Each member's groups are listed once per
/// cell; a variable's values are then sorted once for the cell and dealt, in that order, to
/// their member's groups, so every group comes out sorted without a pass over the cell per
/// group (a cell of a trial with arms and criteria has dozens of groups).
struct SummaryGroups {
    static let statusCount = ResponseGroups.Status.allCases.count
    /// Groups per arm group: everyone, then each criterion's statuses.
    let groupsPerArm: Int
    /// Each member's groups, `perMember` slots each (−1: none, after its last).
    private let perMember: Int
    private let groupsOf: [Int]
    /// Members per group, whatever their values.
    let memberCount: [Int]
    /// Where each group's values start among every group's, one group after another.
    private let start: [Int]

    /// `armGroup`: per member, 1 + its arm's index when unblinded, else 0 (all arms only);
    /// `statusSlot`: per criterion, each member's `ResponseGroups.Status.slot`.
    init(armGroup: [Int], armGroupCount: Int, statusSlot: [[Int]]) {
        let criteria = statusSlot.count, groupsPerArm = 1 + criteria * Self.statusCount
        self.groupsPerArm = groupsPerArm
        perMember = (1 + criteria) * (armGroupCount > 1 ? 2 : 1)
        var groupsOf = [Int](repeating: -1, count: armGroup.count * perMember)
        var counted = [Int](repeating: 0, count: armGroupCount * groupsPerArm)
        for p in armGroup.indices {
            var slot = p * perMember
            for pass in 0..<(armGroup[p] > 0 ? 2 : 1) {
                let a = pass == 0 ? 0 : armGroup[p]
                groupsOf[slot] = Self.everyone(a, groupsPerArm: groupsPerArm)
                slot += 1
                for k in 0..<criteria {
                    groupsOf[slot] = Self.group(a, criterion: k, slot: statusSlot[k][p], groupsPerArm: groupsPerArm)
                    slot += 1
                }
            }
            for j in p * perMember..<slot { counted[groupsOf[j]] += 1 }
        }
        self.groupsOf = groupsOf
        memberCount = counted
        start = counted.reduce(into: [0]) { $0.append($0.last! + $1) }
    }

    /// Everyone in arm group `a`.
    func everyone(_ a: Int) -> Int { Self.everyone(a, groupsPerArm: groupsPerArm) }
    /// The members of arm group `a` with status `slot` under criterion `k`.
    func group(_ a: Int, criterion k: Int, slot: Int) -> Int { Self.group(a, criterion: k, slot: slot, groupsPerArm: groupsPerArm) }

    private static func everyone(_ a: Int, groupsPerArm: Int) -> Int { a * groupsPerArm }
    private static func group(_ a: Int, criterion k: Int, slot: Int, groupsPerArm: Int) -> Int {
        a * groupsPerArm + 1 + k * statusCount + slot
    }

    /// Each group's values in ascending order (a stable sort by `<`), from the cell's values
    /// present and the member position of each.
    func sorted(_ present: [Double], positions: [Int]) -> Sorted {
        precondition(present.count == positions.count, "a position per value")
        var values = [Double](repeating: 0, count: start[memberCount.count]), end = start
        let order = RadixSort.order(present), perMember = perMember
        // Through buffer pointers: five bounds checks per value dealt were most of this loop,
        // whose indices all come from `init` (each group's slots end where the next starts).
        present.withUnsafeBufferPointer { present in
            positions.withUnsafeBufferPointer { positions in
                groupsOf.withUnsafeBufferPointer { groupsOf in
                    values.withUnsafeMutableBufferPointer { values in
                        end.withUnsafeMutableBufferPointer { end in
                            for i in order {
                                let v = present[Int(i)], p = positions[Int(i)]
                                for j in p * perMember..<(p + 1) * perMember {
                                    let g = groupsOf[j]
                                    if g < 0 { break }
                                    values[end[g]] = v
                                    end[g] += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return Sorted(values: values, start: start, end: end, memberCount: memberCount)
    }

    struct Sorted {
        fileprivate let values: [Double], start: [Int], end: [Int], memberCount: [Int]

        /// Group `g`'s summary: its values, and its members without one as missing.
        func summary(_ g: Int) -> Summary {
            Summary(sorted: Array(values[start[g]..<end[g]]), missing: memberCount[g] - (end[g] - start[g]))
        }
    }
}
