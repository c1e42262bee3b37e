import Numerical

/// Descriptive statistics of one group.
///
/// Quantiles use the linear interpolation of Hyndman & Fan (1996) type 7, the default of numpy
/// (`np.percentile(method='linear')`), R and scipy: the p-quantile of the sorted values
/// x₁…xₙ is x_{⌊h⌋} + (h − ⌊h⌋)(x_{⌊h⌋+1} − x_{⌊h⌋}) with h = (n − 1)p + 1.
/// The standard deviation uses n − 1 (numpy `ddof=1`). Missing (NaN) values are counted apart
/// and never enter the statistics.
public struct Summary: Sendable, Hashable {
    public var n: Int
    public var missing: Int
    public var mean: Double
    public var sd: Double
    public var median: Double
    public var q1: Double
    public var q3: Double
    public var min: Double
    public var max: Double

    /// Summarises `values`; all statistics are NaN when there is no value (and `sd` when one).
    public init(_ values: [Double]) {
        let x = RadixSort.sorted(values.filter { !$0.isNaN })
        self.init(sorted: x, missing: values.count - x.count)
    }

    /// The same from the values already sorted (no NaN among them) and the number missing: a
    /// caller summarising many subgroups of one column sorts it once and filters the order.
    public init(sorted x: [Double], missing: Int) {
        n = x.count
        self.missing = missing
        guard !x.isEmpty else {
            mean = .nan
            sd = .nan
            median = .nan
            q1 = .nan
            q3 = .nan
            min = .nan
            max = .nan
            return
        }
        let m = x.reduce(0, +) / Double(x.count)
        mean = m
        if x.count > 1 {
            let ss = x.reduce(0) { $0 + ($1 - m) * ($1 - m) }
            sd = (ss / Double(x.count - 1)).squareRoot()
        } else {
            sd = .nan
        }
        median = Quantile.type7(sorted: x, 0.5)
        q1 = Quantile.type7(sorted: x, 0.25)
        q3 = Quantile.type7(sorted: x, 0.75)
        min = x[0]
        max = x[x.count - 1]
    }
}
