import Domain
import Foundation
import Readers

/// One analyte's standard curve on one plate, with the standards it came from.
public struct AnalyteCurve: Sendable {
    /// One standard well.
    public struct Standard: Sendable, Hashable {
        public var level: String
        public var well: String
        public var expectedAsWritten: Double
        /// After the series check: repaired, or nil when excluded.
        public var expectedUsed: Double?
        /// `ok`, `repaired`, `excluded`, or `no-response`.
        public var status: String
        public var response: Double?
        public var backCalculated: Double?
        public var recoveryPercent: Double?
        /// Indices (into the plate's measurements) of this well's values for the analyte.
        public var measurementIndices: [Int]
        public var location: SourceLocation
    }

    public var analyte: String
    public var sourceName: String
    /// The statistic the curve was fitted to (`net_mfi`, `mfi`, `adjusted_signal`, `signal`).
    public var response: Statistic
    /// nil when no curve could be fitted (`failure` says why).
    public var fit: CurveFit?
    public var failure: String?
    /// The standards' concentration unit as written.
    public var unit: String
    /// Factor from `unit` to pg/mL; nil when the unit is unknown.
    public var toPicogramPerML: Double?
    public var standards: [Standard]
}

/// Everything a plate's curve analysis produced.
public struct PlateCurveResult: Sendable {
    /// Our back-calculated concentrations (statistic `concentration`, flag `recomputed`).
    public var recomputed: [Domain.Measurement]
    /// `standard_curves` and `standard_recovery`.
    public var tables: [AuxiliaryTable]
    public var diagnostics: [Diagnostic]
    /// Per analyte, in the order the plate lists them.
    public var curves: [AnalyteCurve]
}

/// Fits our own standard curve per analyte on one plate (one file) and back-calculates every
/// non-blank well from it, independently of the instrument's curve.
///
/// The response fitted is the plate's kind of response (`PlateResponse`: `mfi`/`net_mfi` for bead
/// assays, `signal`/`adjusted_signal` for MSD), background-adjusted when every standard has the
/// adjusted form (as xPONENT fits net MFI), else raw. Wells are back-calculated from the same statistic, then
/// multiplied by their dilution factor and converted to pg/mL.
public enum PlateCurveAnalysis {
    /// `raw` and `adjusted` name the forms of the plate's own kind of response (`PlateResponse`).
    public enum ResponseChoice: Sendable, Hashable { case automatic, raw, adjusted }

    public struct Options: Sendable {
        public var weighting: CurveWeighting
        public var fitter: StandardCurveFitter.Options
        public var response: ResponseChoice
        public var catalogue: CytokineCatalogue

        public init(
            weighting: CurveWeighting = .default, fitter: StandardCurveFitter.Options = .init(),
            response: ResponseChoice = .automatic, catalogue: CytokineCatalogue = .standard
        ) {
            self.weighting = weighting
            self.fitter = fitter
            self.response = response
            self.catalogue = catalogue
        }
    }

    /// The entry point the ingest pipeline calls per plate.
    public static func run(plateMeasurements: [Domain.Measurement], file: String)
        -> (recomputed: [Domain.Measurement], tables: [AuxiliaryTable], diagnostics: [Diagnostic])
    {
        let r = analyse(plateMeasurements: plateMeasurements, file: file)
        return (r.recomputed, r.tables, r.diagnostics)
    }

    /// Like `run`, keeping the fits (for `PlateQC`).
    public static func analyse(
        plateMeasurements: [Domain.Measurement], file: String,
        options: Options = Options()
    ) -> PlateCurveResult {
        let layout = PlateWellIndex(measurements: plateMeasurements, file: file)
        var diagnostics = layout.diagnostics
        var recomputed: [Domain.Measurement] = []
        var curves: [AnalyteCurve] = []
        for analyte in layout.analytes {
            guard var curve = fitAnalyte(analyte, layout: layout, options: options, diagnostics: &diagnostics) else {
                continue
            }
            if let fit = curve.fit {
                recomputed += backCalculate(
                    analyte, curve: &curve, fit: fit, layout: layout, options: options,
                    diagnostics: &diagnostics)
            }
            curves.append(curve)
        }
        let tables = CurveTables.make(curves: curves, plate: file)
        return PlateCurveResult(recomputed: recomputed, tables: tables, diagnostics: diagnostics, curves: curves)
    }

    // MARK: - Per analyte

    static func fitAnalyte(
        _ analyte: String, layout: PlateWellIndex, options: Options,
        diagnostics: inout [Diagnostic]
    ) -> AnalyteCurve? {
        let standardWells = layout.wells.filter { $0.type == .standard && $0.cells[analyte] != nil }
        let anyIndex = layout.wells.lazy.compactMap { $0.all[analyte]?.first }.first
        let sourceName = anyIndex.map { layout.measurements[$0].sourceName } ?? analyte
        if standardWells.isEmpty {
            if let i = anyIndex {
                diagnostics.append(
                    .warning(
                        layout.location(of: layout.measurements[i]), code: "no-standards",
                        "\(analyte): the plate has no standard wells for this analyte; no concentrations are recomputed"))
            }
            return nil
        }
        let response = responseStatistic(analyte, standardWells, layout, options.response)
        let unit = concentrationUnit(analyte, layout)

        // Series check on the expected concentrations.
        var entries: [StandardSeriesCheck.Entry] = []
        for w in standardWells {
            if let m = layout.measurement(w, analyte, CytokineStatistic.expectedConcentration) {
                entries.append(.init(level: w.sample, expected: m.value, location: layout.location(of: m)))
            } else if let i = w.all[analyte]?.first {
                diagnostics.append(
                    .warning(
                        layout.location(of: layout.measurements[i]), code: "standard-without-expected",
                        "\(analyte) \(w.sample) (well \(w.id)): no expected concentration; not used for the curve"))
            }
        }
        let series = StandardSeriesCheck.check(analyte: analyte, entries: entries)
        diagnostics += series.diagnostics

        var standards: [AnalyteCurve.Standard] = []
        var points: [(expected: Double, mfi: Double)] = []
        var pointStandard: [Int] = []
        for w in standardWells {
            let indices = w.all[analyte] ?? []
            let expectedM = layout.measurement(w, analyte, CytokineStatistic.expectedConcentration)
            let outcome = series.levels[w.sample]
            let r = layout.value(w, analyte, response)
            let loc =
                layout.measurement(w, analyte, response).map { layout.location(of: $0) }
                ?? layout.location(of: layout.measurements[indices[0]])
            var status = outcome?.status.rawValue ?? "excluded"
            if outcome?.used != nil, r == nil {
                status = "no-response"
                diagnostics.append(
                    .warning(
                        loc, code: "standard-without-response",
                        "\(analyte) \(w.sample) (well \(w.id)): no \(response) value; not used for the curve"))
            }
            standards.append(
                .init(
                    level: w.sample, well: w.id, expectedAsWritten: expectedM?.value ?? .nan,
                    expectedUsed: outcome?.used, status: status, response: r,
                    measurementIndices: indices, location: loc))
            if let e = outcome?.used, let r {
                points.append((e, r))
                pointStandard.append(standards.count - 1)
            }
        }
        var curve = AnalyteCurve(
            analyte: analyte, sourceName: sourceName, response: response, fit: nil,
            failure: nil, unit: unit, toPicogramPerML: nil, standards: standards)
        let firstLocation = standards.first!.location
        guard series.usable else {
            curve.failure = "the standard series cannot be trusted"
            return curve
        }
        do {
            let fit = try StandardCurveFitter.fit(
                standards: points, weighting: options.weighting,
                options: options.fitter)
            curve.fit = fit
            for (p, s) in zip(fit.points, pointStandard) {
                curve.standards[s].backCalculated = p.backCalculated
                curve.standards[s].recoveryPercent = p.recoveryPercent
            }
            if !fit.parametersAtBounds.isEmpty {
                diagnostics.append(
                    .warning(
                        firstLocation, code: "curve-parameter-at-bound",
                        "\(analyte): the \(fit.model.rawValue) fit ended with \(fit.parametersAtBounds.joined(separator: ", ")) on a bound; the standards do not determine \(fit.parametersAtBounds.count == 1 ? "it" : "them") well"
                    ))
            }
            if !fit.converged {
                diagnostics.append(
                    .warning(
                        firstLocation, code: "curve-not-converged",
                        "\(analyte): the curve fit stopped at the iteration limit before converging"))
            }
            if fit.lloq == nil {
                curve.failure = "no standard recovered within \(CurveFit.percent(fit.recoveryRange))"
                diagnostics.append(
                    .warning(
                        firstLocation, code: "no-quantifiable-range",
                        "\(analyte): no standard back-calculates within \(CurveFit.percent(fit.recoveryRange)); no concentrations can be reported from this curve"
                    ))
            }
        } catch {
            curve.failure = error.description
            diagnostics.append(.warning(firstLocation, code: "curve-fit-failed", "\(analyte): \(error.description)"))
        }
        return curve
    }

    static func backCalculate(
        _ analyte: String, curve: inout AnalyteCurve, fit: CurveFit, layout: PlateWellIndex,
        options: Options, diagnostics: inout [Diagnostic]
    ) -> [Domain.Measurement] {
        // Unit → pg/mL.
        let factor: Double
        var unitOut = ConcentrationUnit.canonical.rawValue
        let firstLocation = curve.standards.first!.location
        if curve.unit.isEmpty {
            factor = 1
            unitOut = ""
            diagnostics.append(
                .warning(
                    firstLocation, code: "unit-missing",
                    "\(analyte): the standards give no concentration unit; recomputed values are stored without one"))
        } else {
            let molar =
                options.catalogue.match(analyte)?.molarMass
                ?? options.catalogue.match(curve.sourceName)?.molarMass
            do {
                factor = try CytokineUnits.factorToPicogramPerML(unit: curve.unit, molarMass: molar)
            } catch {
                diagnostics.append(
                    .warning(
                        firstLocation, code: "unknown-unit",
                        "\(analyte): \(error.description); recomputed concentrations are not stored"))
                return []
            }
        }
        curve.toPicogramPerML = factor

        var out: [Domain.Measurement] = []
        for w in layout.wells where w.type != .blank {
            guard let r = layout.measurement(w, analyte, curve.response) else { continue }
            let (dilution, problem) = layout.dilution(w, analyte)
            guard let dilution else {
                diagnostics.append(
                    .warning(
                        layout.location(of: r), code: "invalid-dilution",
                        "\(analyte) \(w.sample) (well \(w.id)): \(problem ?? "bad dilution"); not recomputed"))
                continue
            }
            let q = fit.quantify(response: r.value, dilution: dilution)
            let value = q.value * factor
            let raw: String
            switch q.qualifier {
            case .belowLLOQ: raw = "< " + CurveFit.format(value)
            case .aboveULOQ: raw = "> " + CurveFit.format(value)
            default: raw = ""
            }
            var added: [(String, String)] = [
                ("curve_model", fit.model.rawValue),
                ("curve_response", curve.response.rawValue),
                ("curve_response_value", CurveFit.format(r.value)),
                ("curve_dilution", CurveFit.format(dilution)),
            ]
            if q.qualifier != .inRange, let e = q.estimate { added.append(("curve_estimate", CurveFit.format(e * factor))) }
            if !q.reason.isEmpty { added.append(("curve_reason", q.reason)) }
            out.append(
                Domain.Measurement(
                    sample: r.sample, subject: r.subject, visit: r.visit, collectionDate: r.collectionDate,
                    assay: .cytokine, analyte: r.analyte, sourceName: r.sourceName, statistic: .concentration,
                    value: value, unit: unitOut, qualifier: q.qualifier, rawValue: raw,
                    flags: w.type.rawValue + "," + MeasurementFlag.recomputed.rawValue,
                    extra: FlatJSON.merging(r.extra, added), sourceLine: r.sourceLine, sourceColumn: r.sourceColumn))
        }
        return out
    }

    /// The statistic the curve is fitted to: of the plate's kind of response
    /// (`PlateResponse`: MFI for bead assays, signal for MSD), the background-adjusted form when
    /// every standard has one (xPONENT fits net MFI), else the raw response.
    static func responseStatistic(
        _ analyte: String, _ standards: [PlateWellIndex.Well], _ layout: PlateWellIndex,
        _ choice: ResponseChoice
    ) -> Statistic {
        let kind = layout.responseKind(analyte)
        switch choice {
        case .raw: return kind.raw
        case .adjusted: return kind.adjusted
        case .automatic:
            let allAdjusted = standards.allSatisfy { layout.value($0, analyte, kind.adjusted) != nil }
            return allAdjusted ? kind.adjusted : kind.raw
        }
    }

    /// The unit of the analyte's expected concentrations, else of the instrument's results.
    static func concentrationUnit(_ analyte: String, _ layout: PlateWellIndex) -> String {
        for stat in [CytokineStatistic.expectedConcentration, Statistic.concentration] {
            for w in layout.wells {
                if let m = layout.measurement(w, analyte, stat), !m.unit.isEmpty { return m.unit }
            }
        }
        return ""
    }
}
