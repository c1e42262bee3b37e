import Domain
import Readers

/// Blank (background) wells against the lowest standard, on the raw response (MFI, or an MSD
/// signal: `PlateResponse`): when the blanks' mean is not below the lowest standard's mean, that standard cannot be told from background, so
/// the blank wells and the lowest standard's wells are flagged `blank-above-lowest-standard`.
enum BlankCheck {
    static func run(_ ctx: inout PlateQCContext) {
        let blanks = ctx.layout.wells.filter { $0.type == .blank }
        guard !blanks.isEmpty else { return }
        for analyte in ctx.layout.analytes {
            let kind = ctx.layout.responseKind(analyte)
            let blankValues = blanks.compactMap { ctx.layout.value($0, analyte, kind.raw) }
            guard !blankValues.isEmpty else { continue }
            let lowest = lowestStandardWells(analyte, ctx)
            let standardValues = lowest.wells.compactMap { ctx.layout.value($0, analyte, kind.raw) }
            guard !standardValues.isEmpty else { continue }
            let blankMean = mean(blankValues), standardMean = mean(standardValues)
            guard blankMean >= standardMean else { continue }
            for w in blanks where w.cells[analyte] != nil { ctx.flag(w, analyte, MeasurementFlag.blankAboveLowestStandard) }
            for w in lowest.wells { ctx.flag(w, analyte, MeasurementFlag.blankAboveLowestStandard) }
            let first = blanks.first { $0.cells[analyte] != nil }!
            ctx.diagnostics.append(
                .warning(
                    ctx.location(first, analyte, prefer: kind.raw), code: MeasurementFlag.blankAboveLowestStandard.rawValue,
                    "\(analyte): blank \(kind.name) \(CurveFit.format(blankMean)) (mean of \(blankValues.count)) is not below the lowest standard \(lowest.name)'s \(kind.name) \(CurveFit.format(standardMean))"
                ))
        }
    }

    /// The wells of the standard with the lowest concentration used (after the series check),
    /// else the lowest expected concentration as written.
    static func lowestStandardWells(_ analyte: String, _ ctx: PlateQCContext) -> (name: String, wells: [PlateWellIndex.Well]) {
        var byLevel: [String: Double] = [:]
        if let curve = ctx.curves[analyte] {
            for s in curve.standards { if let e = s.expectedUsed { byLevel[s.level] = e } }
        } else {
            for w in ctx.layout.wells where w.type == .standard {
                if let e = ctx.layout.value(w, analyte, CytokineStatistic.expectedConcentration), e > 0 { byLevel[w.sample] = e }
            }
        }
        guard let lowest = byLevel.min(by: { $0.value < $1.value }) else { return ("", []) }
        let wells = ctx.layout.wells.filter { $0.type == .standard && $0.sample == lowest.key && $0.cells[analyte] != nil }
        return (lowest.key, wells)
    }

    static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
}
