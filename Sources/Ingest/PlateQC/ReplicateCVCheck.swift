import Domain
import Foundation

/// Replicate wells (the same sample name and well type, two or more wells) whose raw response
/// (MFI, or an MSD signal: `PlateResponse`) %CV is
/// above the limit: 20 %, or 25 % near the LLOQ (a replicate is `<LLOQ`, or their mean
/// recomputed concentration is below 2 × the dilution-corrected LLOQ), where imprecision is
/// larger by nature. All the replicates' values are flagged `cv-high`. Blank wells are not
/// checked (their MFI is background noise).
///
/// %CV is computed on the raw response rather than concentration: it exists for every well (also below the
/// LLOQ) and is not inflated by the curve's flattening near its asymptotes.
enum ReplicateCVCheck {
    static func run(_ ctx: inout PlateQCContext) {
        var groups: [String: [PlateWellIndex.Well]] = [:]
        var order: [String] = []
        for w in ctx.layout.wells where w.type != .blank {
            let key = w.type.rawValue + "|" + w.sample
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(w)
        }
        for key in order {
            let wells = groups[key]!
            guard wells.count >= 2 else { continue }
            for analyte in ctx.layout.analytes {
                let kind = ctx.layout.responseKind(analyte)
                let values = wells.compactMap { ctx.layout.value($0, analyte, kind.raw) }
                guard values.count >= 2 else { continue }
                let mean = values.reduce(0, +) / Double(values.count)
                guard mean > 0 else { continue }
                let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
                let cv = sd / mean * 100
                let near = nearLLOQ(wells, analyte, ctx)
                let limit = near ? ctx.options.replicateCVLimitNearLLOQ : ctx.options.replicateCVLimit
                guard cv > limit else { continue }
                for w in wells { ctx.flag(w, analyte, MeasurementFlag.cvHigh) }
                ctx.diagnostics.append(
                    .warning(
                        ctx.location(wells[0], analyte, prefer: kind.raw), code: MeasurementFlag.cvHigh.rawValue,
                        "\(analyte) \(wells[0].sample) (wells \(wells.map(\.id).joined(separator: ", "))): replicate \(kind.name) %CV \(String(format: "%.1f", cv)) % is above \(CurveFit.format(limit)) %\(near ? " (limit near the LLOQ)" : "")"
                    ))
            }
        }
    }

    static func nearLLOQ(_ wells: [PlateWellIndex.Well], _ analyte: String, _ ctx: PlateQCContext) -> Bool {
        guard let curve = ctx.curves[analyte], let fit = curve.fit, let lloq = fit.lloq else { return false }
        var concentrations: [Double] = []
        var limit = 0.0
        for w in wells {
            guard let r = ctx.recomputedValue(w, analyte) else { continue }
            if r.qualifier == .belowLLOQ { return true }
            let dilution = ctx.layout.dilution(w, analyte).value ?? 1
            limit = max(limit, lloq * dilution * (curve.toPicogramPerML ?? 1))
            if r.qualifier == .inRange, r.value.isFinite { concentrations.append(r.value) }
        }
        guard !concentrations.isEmpty else { return false }
        let mean = concentrations.reduce(0, +) / Double(concentrations.count)
        return mean < ctx.options.nearLLOQFactor * limit
    }
}
