import Domain

/// Standards whose back-calculated concentration is outside the recovery range (70–130 % of
/// expected) are flagged `standard-recovery-out-of-range`; one warning per analyte lists them.
/// (Such standards are not removed from the fit; they bound the LLOQ/ULOQ instead.)
enum StandardRecoveryCheck {
    static func run(_ ctx: inout PlateQCContext) {
        let range = ctx.options.standardRecoveryRange
        for analyte in ctx.layout.analytes {
            guard let curve = ctx.curves[analyte], curve.fit != nil else { continue }
            var failing: [String] = []
            var firstLocation: SourceLocation?
            for s in curve.standards where s.expectedUsed != nil && s.response != nil {
                if let r = s.recoveryPercent, range.contains(r) { continue }
                guard let well = ctx.layout.well(id: s.well) else { continue }
                ctx.flag(well, analyte, MeasurementFlag.standardRecoveryOutOfRange)
                let got = s.recoveryPercent.map { PlateQCContext.percent($0) } ?? "beyond the curve's asymptote"
                failing.append("\(s.level) (\(s.well)) \(got)")
                if firstLocation == nil { firstLocation = s.location }
            }
            if let loc = firstLocation {
                ctx.diagnostics.append(
                    .warning(
                        loc, code: MeasurementFlag.standardRecoveryOutOfRange.rawValue,
                        "\(analyte): \(failing.count) standard well(s) back-calculate outside \(CurveFit.percent(range)) of expected: \(failing.joined(separator: ", "))"
                    ))
            }
        }
    }
}
