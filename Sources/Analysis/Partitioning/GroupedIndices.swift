/// Indices grouped by a text key, each group in index order, groups in order of first
/// appearance: what `Dictionary(grouping:by:)` gives, without hashing the key per index. A
/// parameter's records come subject by subject (and a subject's visit by visit), so the key
/// is compared with the previous one (a pointer or two words for shared or short texts), then
/// with the next group's. While every new key sorts after all the keys before it (subjects, in
/// the order the report derives them), a key that differs is new and nothing is hashed at
/// all; the first key out of order indexes the keys met so far, and from then on a key is
/// hashed where neither comparison matches. Also numbers each index by its group, for callers
/// that keep per-key tables in arrays (`Associations` by subject).
public struct GroupedIndices {
    /// The distinct keys; a group's number is its key's position here.
    public private(set) var keys: [String] = []
    public private(set) var groups: [[Int]] = []
    /// The group number of each index, by its position in the indices given.
    public private(set) var groupNumber: [Int32] = []
    /// Whether `keys` ascend (then they are searched, not hashed, and `groupOf` is empty).
    private var ascending = true
    private var groupOf: [String: Int] = [:]

    public init(_ indices: [Int], key: (Int) -> String) {
        groupNumber.reserveCapacity(indices.count)
        var lastKey = "", current = -1
        for i in indices {
            let k = key(i)
            if current < 0 || k != lastKey {
                if current + 1 < keys.count, keys[current + 1] == k {
                    current += 1
                } else if ascending, keys.last.map({ $0 < k }) ?? true {
                    current = newGroup(k)
                } else {
                    if ascending {
                        ascending = false
                        for (g, known) in keys.enumerated() { groupOf[known] = g }
                    }
                    current = groupOf[k] ?? newGroup(k)
                }
                lastKey = k
            }
            groups[current].append(i)
            groupNumber.append(Int32(current))
        }
    }

    private mutating func newGroup(_ k: String) -> Int {
        let g = keys.count
        if !ascending { groupOf[k] = g }
        keys.append(k)
        groups.append([])
        return g
    }

    /// The indices whose key is `key`; empty when none.
    public subscript(key: String) -> [Int] {
        guard ascending else { return groupOf[key].map { groups[$0] } ?? [] }
        // Binary search of the ascending keys.
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == key ? groups[low] : []
    }
}
