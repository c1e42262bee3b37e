/// Benjamini-Hochberg q-values (false-discovery-rate adjusted p-values), as
/// `scipy.stats.false_discovery_control(p, method='bh')` and R's `p.adjust(p, "BH")`:
/// q₍ᵢ₎ = min over j ≥ i of (m / j)·p₍ⱼ₎, capped at 1, for p sorted ascending.
/// Missing (NaN) p-values stay missing and do not count in m.
public enum BenjaminiHochberg {
    public static func qValues(_ p: [Double]) -> [Double] {
        let present = p.indices.filter { !p[$0].isNaN }.sorted { p[$0] < p[$1] }
        var q = [Double](repeating: .nan, count: p.count)
        let m = Double(present.count)
        var running = 1.0
        for rank in stride(from: present.count, through: 1, by: -1) {
            let i = present[rank - 1]
            running = Swift.min(running, p[i] * m / Double(rank))
            q[i] = running
        }
        return q
    }
}
