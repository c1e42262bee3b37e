import Domain
import Readers

/// Wells whose bead region counted fewer beads than the minimum, or that the reader already
/// marked `low-bead-count`: every value of that well × analyte, including our recomputed
/// concentration, carries the flag.
///
/// The minimum is the file's own acquisition setting when the reader recorded one (xPONENT
/// `Per Bead Count` / `Min Events`, in `extra` as `min_bead_count`): a lab that acquired 15
/// beads per region on purpose must not see every well flagged against a generic 50. Otherwise
/// it is `PlateQCOptions.minimumBeadCount` (50 by default; the median MFI of fewer beads is not
/// reliable). Which one applied is written per analyte to the `bead_count_minimum` table and
/// named in every `low-bead-count` warning.
enum BeadCountCheck {
    struct Minimum: Equatable {
        var value: Double
        /// `file` or `default`.
        var origin: String
        /// Where the file states it, or why the default applies.
        var detail: String
    }

    static func run(_ ctx: inout PlateQCContext) -> AuxiliaryTable {
        var perAnalyte: [(analyte: String, minimum: Minimum)] = []
        for well in ctx.layout.wells {
            for analyte in ctx.layout.analytes {
                guard let indices = well.all[analyte] else { continue }
                let minimum = minimum(ctx, indices)
                if !perAnalyte.contains(where: { $0.analyte == analyte && $0.minimum == minimum }) {
                    perAnalyte.append((analyte, minimum))
                }
                let count = ctx.layout.value(well, analyte, .beadCount)
                let readerFlagged = indices.contains { i in
                    ctx.layout.measurements[i].hasFlag(.lowBeadCount)
                }
                let low = count.map { $0 < minimum.value } ?? false
                guard low || readerFlagged else { continue }
                ctx.flag(well, analyte, MeasurementFlag.lowBeadCount)
                let what =
                    count.map { "\(CurveFit.format($0)) beads, below the \(describe(minimum))" }
                    ?? "marked low-bead-count by the reader"
                ctx.diagnostics.append(
                    .warning(
                        ctx.location(well, analyte, prefer: .beadCount), code: MeasurementFlag.lowBeadCount.rawValue,
                        "\(analyte) \(well.sample) (well \(well.id)): \(what)"))
            }
        }
        return AuxiliaryTable(
            name: "bead_count_minimum",
            columns: [
                ("analyte", .text(perAnalyte.map(\.analyte))),
                ("minimum", .number(perAnalyte.map(\.minimum.value))),
                ("origin", .text(perAnalyte.map(\.minimum.origin))),
                ("detail", .text(perAnalyte.map(\.minimum.detail))),
            ])
    }

    static func describe(_ m: Minimum) -> String {
        m.origin == "file"
            ? "file's minimum of \(CurveFit.format(m.value)) (\(m.detail))"
            : "default minimum of \(CurveFit.format(m.value)) (\(m.detail))"
    }

    /// The file's minimum recorded by the reader on any of the well × analyte's values, else
    /// the configured default.
    static func minimum(_ ctx: PlateQCContext, _ indices: [Int]) -> Minimum {
        for i in indices {
            let extra = ctx.layout.measurements[i].extra
            guard !extra.isEmpty, let text = FlatJSON.value(BeadCountThreshold.extraValueKey, in: extra),
                let v = Double(text), v > 0
            else { continue }
            let source = FlatJSON.value(BeadCountThreshold.extraSourceKey, in: extra) ?? ""
            return Minimum(value: v, origin: "file", detail: source.isEmpty ? "stated in the file" : source)
        }
        return Minimum(
            value: ctx.options.minimumBeadCount, origin: "default",
            detail: "the file states no minimum; PlateQCOptions.minimumBeadCount")
    }
}
