import Foundation

/// Catches expected concentrations that do not belong to their standard series.
///
/// Standards are a dilution series: log10(concentration) falls on a straight line against the
/// level number. A value far off that line is almost always damage, typically a decimal
/// separator lost in a locale round-trip (`215625` written for 215.625 between 431.25 and
/// 107.8125). The line is fitted robustly (repeated median of slopes), so a few bad points cannot
/// drag it; anything more than tenfold off is reported.
enum StandardSeriesCheck {
    struct Point {
        var level: Int
        var value: Double
    }

    struct Suspect {
        var index: Int
        /// What the series predicts at that level.
        var predicted: Double
        /// A repair that fits the series (value ÷ 10, 100, … 10^6), when one does.
        var likelyIntended: Double?
    }

    /// Indices of `points` that break the series. Needs four positive values on three or more
    /// distinct levels; zero (a zero calibrator) and negative values are left alone.
    static func suspects(_ points: [Point], tolerance: Double = 1.0) -> [Suspect] {
        let usable = points.indices.filter { points[$0].value > 0 && points[$0].value.isFinite }
        guard usable.count >= 4, Set(usable.map { points[$0].level }).count >= 3 else { return [] }
        // Siegel's repeated median: each point's median slope to the others, then the median of
        // those. Half the points can be wrong before the line moves.
        var pointSlopes: [Double] = []
        for i in usable {
            var slopes: [Double] = []
            for j in usable where points[i].level != points[j].level {
                let dy = log10(points[j].value) - log10(points[i].value)
                slopes.append(dy / Double(points[j].level - points[i].level))
            }
            if !slopes.isEmpty { pointSlopes.append(median(slopes)) }
        }
        let slope = median(pointSlopes)
        let intercept = median(usable.map { log10(points[$0].value) - slope * Double(points[$0].level) })
        var out: [Suspect] = []
        for i in usable {
            let predicted = intercept + slope * Double(points[i].level)
            let actual = log10(points[i].value)
            guard abs(actual - predicted) > tolerance else { continue }
            var fix: Double?
            for k in 1...6 where abs(actual - Double(k) - predicted) < 0.15 {
                let divisor = pow(10, Double(k))
                fix = points[i].value / divisor
                break
            }
            out.append(Suspect(index: i, predicted: pow(10, predicted), likelyIntended: fix))
        }
        return out
    }

    private static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        if s.isEmpty { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
