import Domain

/// How an immune parameter is named on axes and in tables: the way a paper writes it
/// (`TREG (% of CD4)`, `IL6 (pg/mL)`, `CD4T, median CD25 PE (MFI)`), rather than the analysis
/// layer's PARAM, which is built for uniqueness.
public enum ParameterLabel {
    public static func display(_ m: Measurement) -> String {
        let a = m.analyte
        let unit = m.unit.isEmpty ? "" : " (\(m.unit))"
        switch m.statistic {
        case .freqOf: return m.denominator.isEmpty ? "\(a) (%)" : "\(a) (% of \(m.denominator))"
        case .freqOfParent: return "\(a) (% of parent)"
        case .freqOfGrandparent: return "\(a) (% of grandparent)"
        case .freqOfTotal: return "\(a) (% of all events)"
        case .ratio: return m.denominator.isEmpty ? "\(a) ratio" : "\(a)/\(m.denominator) ratio"
        case .concentration, .value, .score: return a + unit
        case .count: return "\(a) (events)"
        default:
            let stat = m.statistic.rawValue.replacingOccurrences(of: "_", with: " ")
            return "\(a), \(stat)\(m.parameter.isEmpty ? "" : " " + m.parameter)\(m.denominator.isEmpty ? "" : " of " + m.denominator)"
                + unit
        }
    }
}
