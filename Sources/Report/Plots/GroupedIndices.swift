/// Indices grouped by a text key, each group in index order, groups in order of first
/// appearance: what `Dictionary(grouping:by:)` gives, without hashing the key per index. A
/// parameter's records come subject by subject (and a subject's visit by visit), so the key
/// is compared with the previous one (a pointer or two words for shared or short texts) and
/// hashed only where it changes.
struct GroupedIndices {
    private(set) var keys: [String] = []
    private(set) var groups: [[Int]] = []
    private var groupOf: [String: Int] = [:]

    init(_ indices: [Int], key: (Int) -> String) {
        var lastKey = "", current = -1
        for i in indices {
            let k = key(i)
            if current < 0 || k != lastKey {
                if let g = groupOf[k] {
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
        }
    }

    /// The indices whose key is `key`; empty when none.
    subscript(key: String) -> [Int] { groupOf[key].map { groups[$0] } ?? [] }
}
