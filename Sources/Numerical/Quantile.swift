/// Sample quantiles by the linear interpolation of Hyndman & Fan (1996) type 7, the default of
/// numpy (`np.percentile(method='linear')`), R and scipy: the p-quantile of n sorted values is
/// x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) with h = (n − 1)p. Summaries and box plots use this one
/// function, so a table and the figure beside it always show the same quartiles.
public enum Quantile {
    /// The type-7 p-quantile of already sorted, non-missing values (NaN when there are none).
    public static func type7(sorted x: [Double], _ p: Double) -> Double {
        precondition((0...1).contains(p), "quantile level must be in [0, 1]")
        guard !x.isEmpty else { return .nan }
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, x.count - 1)
        return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
    }
}
