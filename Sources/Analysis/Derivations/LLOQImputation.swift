import Domain

extension Derive {
    /// Applies the study's rule to values below the lower limit of quantification. The limit is
    /// the one the source wrote (`< 0.105`), else the study's `lloq.limits` for the analyte
    /// (PARAMCD up to its first dot); without either AVAL stays missing and the note says so.
    /// The qualifier stays `belowLLOQ`, so the value remains flagged whatever the rule.
    /// Values not available or rejected as outliers are missing.
    public static func lloqImputation(
        _ records: consuming [CFBRecord], rule: LLOQRule,
        limits: [String: Double] = [:]
    ) -> [CFBRecord] {
        func apply(_ r: inout CFBRecord) {
            switch r.qualifier {
            case .belowLLOQ:
                r.lloq = lloqLimit(given: r.lloq, parameterCode: r.parameterCode, limits: limits)
                let imputed = belowLLOQ(limit: r.lloq, valueText: r.valueText, rule: rule)
                r.value = imputed.value
                r.appendNote(imputed.note)
            case .notAvailable, .outlier:
                r.value = .nan
            case .inRange, .aboveULOQ, .extrapolated:
                break
            }
        }
        return eachRecord(records, apply)
    }
}
