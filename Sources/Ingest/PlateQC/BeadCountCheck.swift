import Domain

/// Wells whose bead region counted fewer beads than the minimum (50 by default; the median MFI of
/// fewer beads is not reliable), or that the reader already marked `low-bead-count`: every value
/// of that well × analyte, including our recomputed concentration, carries the flag.
enum BeadCountCheck {
    static func run(_ ctx: inout PlateQCContext) {
        let minimum = ctx.options.minimumBeadCount
        for well in ctx.layout.wells {
            for analyte in ctx.layout.analytes {
                guard let indices = well.all[analyte] else { continue }
                let count = ctx.layout.value(well, analyte, .beadCount)
                let readerFlagged = indices.contains { i in
                    ctx.layout.measurements[i].hasFlag(.lowBeadCount)
                }
                let low = count.map { $0 < minimum } ?? false
                guard low || readerFlagged else { continue }
                ctx.flag(well, analyte, MeasurementFlag.lowBeadCount)
                let what = count.map { "\(CurveFit.format($0)) beads, below the minimum of \(CurveFit.format(minimum))" }
                    ?? "marked low-bead-count by the reader"
                ctx.diagnostics.append(.warning(ctx.location(well, analyte, prefer: .beadCount), code: MeasurementFlag.lowBeadCount.rawValue,
                    "\(analyte) \(well.sample) (well \(well.id)): \(what)"))
            }
        }
    }
}
