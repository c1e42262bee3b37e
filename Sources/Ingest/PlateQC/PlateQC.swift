import Domain

/// What plate QC produced: the plate's measurements and our recomputed concentrations with QC
/// flags added, the `control_tracking` table, and one diagnostic per finding.
public struct PlateQCResult: Sendable {
    public var measurements: [Domain.Measurement]
    public var recomputed: [Domain.Measurement]
    public var tables: [AuxiliaryTable]
    public var diagnostics: [Diagnostic]
}

/// Quality control of one plate: standard recovery, controls against their ranges, blank wells
/// against the lowest standard, replicate %CV, and bead counts (against the file's own minimum
/// when it states one; `bead_count_minimum` says which applied). Each finding flags the affected
/// measurements (the well × analyte's values, and our recomputed concentration) and adds a
/// warning for the ingest summary. Nothing is removed: flagged values stay, for analysis to
/// apply its rules to.
public enum PlateQC {
    public static func run(
        plateMeasurements: [Domain.Measurement], curves: PlateCurveResult?, file: String,
        options: PlateQCOptions = PlateQCOptions()
    ) -> PlateQCResult {
        var ctx = PlateQCContext(
            measurements: plateMeasurements, recomputed: curves?.recomputed ?? [],
            curves: curves?.curves ?? [], file: file, options: options)
        StandardRecoveryCheck.run(&ctx)
        let tracking = ControlCheck.run(&ctx)
        BlankCheck.run(&ctx)
        ReplicateCVCheck.run(&ctx)
        let beadMinimum = BeadCountCheck.run(&ctx)
        var tables = tracking.rowCount > 0 ? [tracking] : []
        if beadMinimum.rowCount > 0 { tables.append(beadMinimum) }
        return ctx.result(tables: tables)
    }
}

/// Shared state of the checks: the plate's layout, the curves, and the flags gathered so far.
struct PlateQCContext {
    let layout: PlateWellIndex
    let recomputed: [Domain.Measurement]
    let curves: [String: AnalyteCurve]
    let options: PlateQCOptions
    let file: String
    /// (well id | analyte) → index into `recomputed`.
    let recomputedIndex: [String: Int]
    private var inputFlags: [Int: [MeasurementFlag]] = [:]
    private var recomputedFlags: [Int: [MeasurementFlag]] = [:]
    var diagnostics: [Diagnostic] = []

    init(
        measurements: [Domain.Measurement], recomputed: [Domain.Measurement], curves: [AnalyteCurve],
        file: String, options: PlateQCOptions
    ) {
        layout = PlateWellIndex(measurements: measurements, file: file)
        self.recomputed = recomputed
        self.curves = Dictionary(curves.map { ($0.analyte, $0) }, uniquingKeysWith: { a, _ in a })
        self.options = options
        self.file = file
        var index: [String: Int] = [:]
        for (i, m) in recomputed.enumerated() {
            let well = FlatJSON.value("well", in: m.extra).flatMap { $0.isEmpty ? nil : $0 } ?? m.sample
            index[well + "|" + m.analyte] = i
        }
        recomputedIndex = index
    }

    /// Flags every value of `well` for `analyte`: the plate's and our recomputed one.
    mutating func flag(_ well: PlateWellIndex.Well, _ analyte: String, _ flag: MeasurementFlag) {
        for i in well.all[analyte] ?? [] { inputFlags[i, default: []].append(flag) }
        if let r = recomputedIndex[well.id + "|" + analyte] { recomputedFlags[r, default: []].append(flag) }
    }

    func recomputedValue(_ well: PlateWellIndex.Well, _ analyte: String) -> Domain.Measurement? {
        recomputedIndex[well.id + "|" + analyte].map { recomputed[$0] }
    }

    func location(_ well: PlateWellIndex.Well, _ analyte: String, prefer statistic: Statistic = .mfi) -> SourceLocation {
        if let m = layout.measurement(well, analyte, statistic) { return layout.location(of: m) }
        if let i = well.all[analyte]?.first { return layout.location(of: layout.measurements[i]) }
        return SourceLocation(file: file)
    }

    func result(tables: [AuxiliaryTable]) -> PlateQCResult {
        var measurements = layout.measurements
        for (i, flags) in inputFlags { for f in flags { measurements[i].addFlag(f) } }
        var rec = recomputed
        for (i, flags) in recomputedFlags { for f in flags { rec[i].addFlag(f) } }
        return PlateQCResult(measurements: measurements, recomputed: rec, tables: tables, diagnostics: diagnostics)
    }

    /// A value from the first measurement whose `extra` has one of `keys`.
    func extraValue(_ keys: [String]) -> String? {
        var seen = Set<String>()
        for m in layout.measurements where seen.insert(m.extra).inserted {
            guard let pairs = FlatJSON.pairs(m.extra) else { continue }
            for k in keys { if let v = pairs.first(where: { $0.0 == k })?.1, !v.isEmpty { return v } }
        }
        return nil
    }

    static func percent(_ v: Double) -> String { CurveFit.format(v) + " %" }
}
