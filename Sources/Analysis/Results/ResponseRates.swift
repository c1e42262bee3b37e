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
    /// arm when unblinded. The responses are counted in one pass, each into its criterion and
    /// visit's counts (found by comparing with the previous response's, which usually shares
    /// them, before hashing), rather than filtered, and copied, once per criterion and visit.
    public static func compute(_ data: ReportData) -> [ResponseRate] {
        let basetype = data.study.baseline.basetype
        let arms = data.arms.count > 1 ? data.arms : []
        // Per (criterion, visit), numbered: counts of all subjects, then of each arm.
        var cellNumber: [Cell: Int] = [:]
        for c in data.study.responseCriteria {
            for visit in c.visits where cellNumber[Cell(criterion: c.id, visit: visit)] == nil {
                cellNumber[Cell(criterion: c.id, visit: visit)] = cellNumber.count
            }
        }
        var counts = [[Count]](repeating: Array(repeating: Count(), count: 1 + arms.count), count: cellNumber.count)
        var last: (criterion: String, visit: String, cell: Int?)?
        var lastSubject: (name: String, group: Int?)?
        data.responses.withUnsafeBufferPointer { responses in
            for r in responses where r.basetype == basetype {
                let cell: Int?
                if let last, last.criterion == r.criterion, last.visit == r.visit {
                    cell = last.cell
                } else {
                    cell = cellNumber[Cell(criterion: r.criterion, visit: r.visit)]
                    last = (r.criterion, r.visit, cell)
                }
                guard let cell else { continue }
                let group: Int?
                if let lastSubject, lastSubject.name == r.subject {
                    group = lastSubject.group
                } else {
                    group = data.armOf[r.subject].flatMap { arms.firstIndex(of: $0) }.map { $0 + 1 }
                    lastSubject = (r.subject, group)
                }
                counts[cell][0].add(r.responder)
                if let group { counts[cell][group].add(r.responder) }
            }
        }
        var out: [ResponseRate] = []
        for c in data.study.responseCriteria {
            for visit in c.visits {
                let cell = counts[cellNumber[Cell(criterion: c.id, visit: visit)]!]
                for (g, arm) in ([SummaryRow.allArms] + arms).enumerated() {
                    let n = cell[g]
                    out.append(
                        ResponseRate(
                            criterion: c.id, visit: visit, visitNumber: data.study.visit(named: visit)?.number,
                            arm: arm, responders: n.yes, assessed: n.yes + n.no, notAssessed: n.all - n.yes - n.no))
                }
            }
        }
        return out
    }

    private struct Cell: Hashable {
        var criterion, visit: String
    }

    private struct Count {
        var yes = 0, no = 0, all = 0

        mutating func add(_ responder: Responder) {
            all += 1
            if responder == .yes { yes += 1 }
            if responder == .no { no += 1 }
        }
    }
}
