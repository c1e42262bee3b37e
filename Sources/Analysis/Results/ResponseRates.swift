import Foundation

/// Response rate of one criterion at one visit in one group (an arm, or all subjects), with a
/// Wilson score 95 % interval (Wilson 1927; recommended over the Wald interval for small n,
/// Brown, Cai & DasGupta 2001). Subjects whose response could not be assessed are counted
/// apart and are not in the denominator.
public struct ResponseRate: Sendable, Hashable {
    public var criterion: String
    public var visit: String
    public var visitNumber: Int?
    /// An arm code, or `ALL`.
    public var arm: String
    public var responders: Int
    public var assessed: Int
    public var notAssessed: Int

    public var rate: Double { assessed > 0 ? Double(responders) / Double(assessed) : .nan }

    /// Wilson score interval at 95 % (z = 1.959964).
    public var interval: (low: Double, high: Double) {
        guard assessed > 0 else { return (.nan, .nan) }
        let z = 1.959963984540054, n = Double(assessed), p = rate
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Rates for each criterion × assessed visit of the primary BASETYPE: all subjects, and each
    /// arm when unblinded.
    public static func compute(_ data: ReportData) -> [ResponseRate] {
        var out: [ResponseRate] = []
        let armOf = data.armOf
        for c in data.study.responseCriteria {
            for visit in c.visits {
                let rs = data.responses.filter { $0.criterion == c.id && $0.visit == visit && $0.basetype == data.study.baseline.basetype }
                let groups: [(String, [ResponseRecord])] =
                    [(SummaryRow.allArms, rs)]
                    + (data.arms.count > 1 ? data.arms.map { a in (a, rs.filter { armOf[$0.subject] == a }) } : [])
                for (arm, members) in groups {
                    let yes = members.filter { $0.responder == .yes }.count
                    let no = members.filter { $0.responder == .no }.count
                    out.append(
                        ResponseRate(
                            criterion: c.id, visit: visit, visitNumber: data.study.visit(named: visit)?.number,
                            arm: arm, responders: yes, assessed: yes + no,
                            notAssessed: members.count - yes - no))
                }
            }
        }
        return out
    }
}
