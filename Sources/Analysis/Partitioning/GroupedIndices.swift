/// Indices grouped by a text key, each group in index order, groups in order of first
/// appearance: what `Dictionary(grouping:by:)` gives, without hashing the key per index. A
/// parameter's records come subject by subject (and a subject's visit by visit), so the key
/// is compared with the previous one (a pointer or two words for shared or short texts), then
/// with the next group's, and hashed only where neither matches. Also numbers each index by its group, for callers that keep
/// per-key tables in arrays (`Associations` by subject).
public struct GroupedIndices {
    /// The distinct keys; a group's number is its key's position here.
    public private(set) var keys: [String] = []
    public private(set) var groups: [[Int]] = []
    /// The group number of each index, by its position in the indices given.
    public private(set) var groupNumber: [Int32] = []
    private var groupOf: [String: Int] = [:]

    public init(_ indices: [Int], key: (Int) -> String) {
        groupNumber.reserveCapacity(indices.count)
        var lastKey = "", current = -1
        for i in indices {
            let k = key(i)
            if current < 0 || k != lastKey {
                // Keys often cycle (a subject's visits in order): the group after the current
                // one is tried before the key is hashed.
                if current + 1 < keys.count, keys[current + 1] == k {
                    current += 1
                } else if let g = groupOf[k] {
                    current = g
                } else {
                    current = groups.count
                    groupOf[k] = current
                    keys.append(k)
                    groups.append([])
                }
                lastKey = k
            }
            groups[current].append(i)
            groupNumber.append(Int32(current))
        }
    }

    /// The indices whose key is `key`; empty when none.
    public subscript(key: String) -> [Int] { groupOf[key].map { groups[$0] } ?? [] }
}
