import Numerical

/// Average ranks (ties share the mean of the ranks they span, as `scipy.stats.rankdata` with
/// method='average') and the sizes of the tie groups, which the tie corrections need.
public enum Ranking {
    public static func averageRanks(_ values: [Double]) -> (ranks: [Double], tieGroupSizes: [Int]) {
        // Ties share a rank whatever their order, so the radix order serves (it has no place
        // for NaN, which `<` leaves where it falls).
        let order =
            values.contains(where: \.isNaN)
            ? values.indices.sorted { values[$0] < values[$1] } : RadixSort.order(values).map { Int($0) }
        var ranks = [Double](repeating: 0, count: values.count)
        var groups: [Int] = []
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            // Positions i...j (0-based) hold ranks i+1...j+1.
            let rank = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = rank }
            groups.append(j - i + 1)
            i = j + 1
        }
        return (ranks, groups)
    }

    /// Σ (t³ − t) over tie groups.
    static func tieTerm(_ groups: [Int]) -> Double {
        groups.reduce(0) { $0 + Double($1 * $1 * $1 - $1) }
    }
}
