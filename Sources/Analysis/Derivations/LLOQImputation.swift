import Domain

extension Derive {
    /// Applies the study's rule to values below the lower limit of quantification. The limit is
    /// the one the source wrote (`< 0.105`), else the study's `lloq.limits` for the analyte
    /// (PARAMCD up to its first dot); without either AVAL stays missing and the note says so.
    /// The qualifier stays `belowLLOQ`, so the value remains flagged whatever the rule.
    /// Values not available or rejected as outliers are missing.
    public static func lloqImputation(_ records: consuming [CFBRecord], rule: LLOQRule,
                                      limits: [String: Double] = [:]) -> [CFBRecord] {
        var out = records
        func apply(_ r: inout CFBRecord) {
            switch r.qualifier {
            case .belowLLOQ:
                let analyte = String(r.parameterCode.split(separator: ".").first ?? Substring(r.parameterCode))
                let limit = !r.lloq.isNaN ? r.lloq : (limits[r.parameterCode] ?? limits[analyte] ?? .nan)
                r.lloq = limit
                let shown = r.valueText.isEmpty ? "<LLOQ" : r.valueText
                if limit.isNaN {
                    r.value = .nan
                    r.appendNote("below LLOQ (\(shown)) with no known limit: AVAL missing")
                    break
                }
                switch rule {
                case .half:
                    r.value = limit / 2
                    r.appendNote("AVAL = LLOQ/2 = \(limit / 2) from \(shown)")
                case .limit:
                    r.value = limit
                    r.appendNote("AVAL = LLOQ = \(limit) from \(shown)")
                case .missing:
                    r.value = .nan
                    r.appendNote("below LLOQ (\(shown)): AVAL missing by study rule")
                }
            case .notAvailable, .outlier:
                r.value = .nan
            case .inRange, .aboveULOQ, .extrapolated:
                break
            }
        }
        for i in out.indices { apply(&out[i]) }
        return out
    }
}
