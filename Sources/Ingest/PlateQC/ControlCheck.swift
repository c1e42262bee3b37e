import Domain
import Readers

/// Control wells against their acceptable range, and the `control_tracking` table for
/// Levey-Jennings charts (one row per control well × analyte, passing or not).
///
/// Observed: our recomputed concentration when there is one, else the instrument's. Range: the
/// explicit `ControlRange` for the control and analyte, else expected × (1 ± tolerance), with the
/// expected concentration from the plate (converted to pg/mL). A control `<LLOQ`, `>ULOQ` or
/// without a value fails: it cannot be shown to be in range.
enum ControlCheck {
    static func run(_ ctx: inout PlateQCContext) -> AuxiliaryTable {
        let o = ctx.options
        let plateID = o.plateID ?? ctx.extraValue(["plate", "plate_id", "batch"]) ?? ctx.file
        let runDate = o.runDate ?? ctx.extraValue(["run_date", "batch_start", "date"]) ?? ""
        var t = TableBuilder()
        for well in ctx.layout.wells where well.type == .control {
            for analyte in ctx.layout.analytes where well.cells[analyte] != nil {
                let curve = ctx.curves[analyte]
                // Observed.
                var observed: Domain.Measurement?
                var source = ""
                if let r = ctx.recomputedValue(well, analyte) {
                    observed = r
                    source = "recomputed"
                } else if var m = ctx.layout.measurement(well, analyte, .concentration) {
                    if let f = factor(m.unit, analyte, curve, ctx) { m.value *= f } else { m.value = .nan }
                    observed = m
                    source = "instrument"
                }
                // Expected and range.
                var expected = Double.nan
                if let e = ctx.layout.measurement(well, analyte, CytokineStatistic.expectedConcentration),
                    let f = factor(e.unit, analyte, curve, ctx)
                {
                    expected = e.value * f
                }
                let explicit = o.controlRanges.first {
                    $0.control == well.sample && ($0.analyte == analyte || $0.analyte == curve?.sourceName)
                }
                let low = explicit?.low ?? expected * (1 - o.controlTolerance)
                let high = explicit?.high ?? expected * (1 + o.controlTolerance)
                guard observed != nil || expected.isFinite else { continue }
                let value = observed?.value ?? .nan
                let qualifier = observed?.qualifier ?? .notAvailable
                var verdict = ""
                var problem: String?
                if low.isFinite && high.isFinite {
                    if qualifier == .inRange && value.isFinite {
                        verdict = (low...high).contains(value) ? "yes" : "no"
                        if verdict == "no" {
                            problem = "\(CurveFit.format(value)) pg/mL is outside \(CurveFit.format(low))–\(CurveFit.format(high))"
                        }
                    } else {
                        verdict = "no"
                        problem =
                            qualifier == .notAvailable || !value.isFinite
                            ? "no concentration"
                            : "\(qualifier.rawValue) (\(observed!.rawValue.isEmpty ? CurveFit.format(value) : observed!.rawValue) pg/mL); range \(CurveFit.format(low))–\(CurveFit.format(high))"
                    }
                }
                if let problem {
                    ctx.flag(well, analyte, MeasurementFlag.controlOutOfRange)
                    let range =
                        explicit != nil
                        ? "the control range" : "expected \(CurveFit.format(expected)) ± \(CurveFit.format(o.controlTolerance * 100)) %"
                    ctx.diagnostics.append(
                        .warning(
                            ctx.location(well, analyte, prefer: .concentration),
                            code: MeasurementFlag.controlOutOfRange.rawValue,
                            "\(analyte) \(well.sample) (well \(well.id)): \(problem), outside \(range)"))
                }
                t.text("plate_id", plateID)
                t.text("run_date", runDate)
                t.text("control", well.sample)
                t.text("well", well.id)
                t.text("analyte", analyte)
                t.number("observed", value)
                t.text("qualifier", qualifier.rawValue)
                t.number("expected", expected)
                t.number("recovery_pct", expected > 0 && qualifier == .inRange ? value / expected * 100 : .nan)
                t.number("low", low)
                t.number("high", high)
                t.text("within_range", verdict)
                t.text("observed_from", source)
                t.text("unit", ConcentrationUnit.canonical.rawValue)
            }
        }
        return t.table("control_tracking")
    }

    /// Factor to pg/mL for a value written in `unit` (empty: taken as the curve's own unit,
    /// i.e. already comparable).
    static func factor(_ unit: String, _ analyte: String, _ curve: AnalyteCurve?, _ ctx: PlateQCContext) -> Double? {
        if unit.isEmpty { return 1 }
        let catalogue = CytokineCatalogue.standard
        let mass = catalogue.match(analyte)?.molarMass ?? curve.flatMap { catalogue.match($0.sourceName)?.molarMass }
        return try? CytokineUnits.factorToPicogramPerML(unit: unit, molarMass: mass)
    }
}
