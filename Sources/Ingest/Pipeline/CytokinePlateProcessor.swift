import Domain
import Foundation
import Readers

/// One multiplex plate between reader and store:
///
/// 1. standard curves (4PL/5PL) fitted per analyte, concentrations back-calculated per well;
/// 2. plate QC (standard recovery, controls, blanks, replicate %CV, bead counts) as flags;
/// 3. analyte names resolved to the cytokine catalogue's codes (`hIFN-γ (27)` → `IFNG`);
///    unknown names are kept and reported once, never guessed;
/// 4. concentrations converted to pg/mL (the original value and unit kept in `raw_value`);
/// 5. one value per sample and analyte: the mean of its replicate wells (statistic
///    `concentration`, parameter empty, flag `replicate-mean`), beside the per-well values
///    (parameter = well, flag `well-level`).
///
/// The instrument's own result stays the `concentration`; our back-calculated one is
/// `concentration_refit` where the instrument gave one, `concentration` where it did not.
public struct CytokinePlateProcessor: FileProcessor {
    public static let refit = Statistic("concentration_refit")

    let formats: Set<String> = [
        "xponent-csv", "intelliflex-csv", "bioplex-xlsx", "bioplex-xls", "bioplex-xml", "msd-csv", "msd-xlsx", "meso-txt", "plate-csv",
    ]

    /// Formats whose files name no samples, only wells: their wells are linked through the
    /// plate layout given at ingest (`--plate-layout`).
    static let wellOnlyFormats: Set<String> = ["meso-txt"]

    /// The plate layout for well-only formats (nil: none given).
    public let layout: PlateMap?

    public init(layout: PlateMap? = nil) { self.layout = layout }

    public func applies(to format: SourceFormat) -> Bool { formats.contains(format.id) }

    public func process(file ms: [Domain.Measurement], tables: [AuxiliaryTable], file: SourceFile)
        -> (accepted: [Domain.Measurement], tables: [AuxiliaryTable], diagnostics: [Diagnostic])
    {
        process(file: ms, tables: tables, file: file, format: nil)
    }

    public func process(file input: [Domain.Measurement], tables: [AuxiliaryTable], file: SourceFile, format: SourceFormat?)
        -> (accepted: [Domain.Measurement], tables: [AuxiliaryTable], diagnostics: [Diagnostic])
    {
        let name = file.displayName
        var ms = input
        var diagnostics: [Diagnostic] = []
        var fitCurves = true
        if let format, Self.wellOnlyFormats.contains(format.id) {
            if let layout {
                diagnostics += PlateMapLinking.apply(layout, to: &ms, file: file)
            } else {
                fitCurves = false
                if let first = ms.first {
                    diagnostics.append(
                        .warning(
                            file.location(line: first.sourceLine, column: first.sourceColumn), code: "plate-layout-missing",
                            "this plate file names wells, not samples: its \(ms.count) signals are stored per well (sample = well, e.g. '\(first.sample)') and NOT linked to samples; no standard curve is fitted. Give --plate-layout (a plate-CSV-style Well, Sample, Type table) to link them"
                        ))
                }
            }
        }
        let curves =
            fitCurves
            ? PlateCurveAnalysis.analyse(plateMeasurements: ms, file: name)
            : PlateCurveResult(recomputed: [], tables: [], diagnostics: [], curves: [])
        let qc = PlateQC.run(plateMeasurements: ms, curves: curves, file: name)
        diagnostics += curves.diagnostics + qc.diagnostics

        let instrumentHas = Set(qc.measurements.filter { $0.statistic == .concentration }.map { Self.wellKey($0) })
        var values = qc.measurements
        for var r in qc.recomputed {
            if instrumentHas.contains(Self.wellKey(r)) { r.statistic = Self.refit }
            values.append(r)
        }

        var reported = Set<String>()
        for i in values.indices {
            Self.canonicalise(&values[i], file: file, reported: &reported, diagnostics: &diagnostics)
            if let well = Self.well(of: values[i]), values[i].parameter.isEmpty {
                values[i].parameter = well
                values[i].addFlag(MeasurementFlag.wellLevel)
            }
        }
        values += Self.replicateMeans(values)
        return (values, tables + curves.tables + qc.tables, diagnostics)
    }

    static func wellKey(_ m: Domain.Measurement) -> String {
        "\(well(of: m) ?? "")|\(m.sample)|\(m.sourceName)"
    }

    /// The well position the reader put in `extra` (`{"well":"A1",…}`).
    static func well(of m: Domain.Measurement) -> String? {
        guard !m.extra.isEmpty, let data = m.extra.data(using: .utf8),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return obj["well"] as? String
    }

    /// Canonical analyte code and pg/mL.
    static func canonicalise(
        _ m: inout Domain.Measurement, file: SourceFile, reported: inout Set<String>,
        diagnostics: inout [Diagnostic]
    ) {
        let resolution = CytokineCatalogue.standard.resolve(m.sourceName)
        guard let cytokine = resolution.cytokine else {
            if reported.insert(m.sourceName).inserted {
                diagnostics.append(
                    .warning(
                        file.location(line: m.sourceLine, column: m.sourceColumn), code: "unknown-analyte",
                        "analyte '\(m.sourceName)' is not in the cytokine catalogue (\(resolution.reason ?? "no match")); kept under its name"
                    ))
            }
            return
        }
        m.analyte = cytokine.code
        let concentrations: Set<Statistic> = [.concentration, refit, Statistic("expected_concentration")]
        guard concentrations.contains(m.statistic), !m.unit.isEmpty, m.value.isFinite else { return }
        guard let unit = ConcentrationUnit.parse(m.unit) else {
            if reported.insert("unit|" + m.unit).inserted {
                diagnostics.append(
                    .warning(
                        file.location(line: m.sourceLine, column: m.sourceColumn), code: "unknown-unit",
                        "unit '\(m.unit)' of \(m.sourceName) is not a concentration unit immunopipe knows; values kept as written"))
            }
            return
        }
        guard let factor = try? unit.factorToPicogramPerML(molarMass: cytokine.molarMass) else { return }
        if factor != 1 {
            if m.rawValue.isEmpty { m.rawValue = "\(m.value) \(m.unit)" } else { m.rawValue += " \(m.unit)" }
            m.value *= factor
        }
        m.unit = "pg/mL"
    }

    /// Mean of each sample's replicate wells per analyte, for the instrument concentration (and
    /// our refit where it is the only concentration). Qualifiers: all replicates in range → in
    /// range; all below (above) the limit → `<LLOQ` (`>ULOQ`) at the limit; a mix → the mean of
    /// the numbers (limits for the censored ones), flagged `replicates-censored` so analysis can
    /// tell. Standards, blanks and controls are plate QC material, not samples: no means.
    static func replicateMeans(_ values: [Domain.Measurement]) -> [Domain.Measurement] {
        var groups: [String: [Domain.Measurement]] = [:]
        var order: [String] = []
        for m in values
        where m.statistic == .concentration && !m.parameter.isEmpty
            && !m.isQCMaterial
        {
            let key = "\(m.sample)|\(m.analyte)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(m)
        }
        return order.compactMap { key in
            let reps = groups[key]!
            guard var mean = reps.first else { return nil }
            let usable = reps.filter { $0.value.isFinite }
            mean.parameter = ""
            mean.rawValue = ""
            mean.extra = JSONText.object([("wells", reps.map(\.parameter).joined(separator: ","))])
            mean.flags = MeasurementFlag.replicateMean.rawValue
            let qualifiers = Set(usable.map(\.qualifier))
            if usable.isEmpty {
                mean.value = .nan
                mean.qualifier = reps.first!.qualifier
                return mean
            }
            mean.value = usable.map(\.value).reduce(0, +) / Double(usable.count)
            if qualifiers == [.belowLLOQ] || qualifiers == [.aboveULOQ] {
                mean.qualifier = qualifiers.first!
            } else if qualifiers.contains(.belowLLOQ) || qualifiers.contains(.aboveULOQ) {
                mean.qualifier = .inRange
                mean.addFlag(MeasurementFlag.replicatesCensored)
            } else {
                mean.qualifier = qualifiers.contains(.extrapolated) ? .extrapolated : .inRange
            }
            if usable.count < reps.count { mean.addFlag(MeasurementFlag.replicateMissing) }
            return mean
        }
    }
}
