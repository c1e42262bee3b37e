import Domain
import Readers

/// One plate's cytokine measurements arranged by well and analyte, as indices into the input so
/// that QC can flag the very measurements it was given.
struct PlateWellIndex {
    struct Well {
        /// `A1`, or the sample name when the reader gave no well.
        var id: String
        var sample: String
        var type: WellType
        /// analyte → statistic → index into `measurements`.
        var cells: [String: [Statistic: Int]] = [:]
        /// Indices of the well's measurements per analyte (every statistic, in input order).
        var all: [String: [Int]] = [:]
    }

    let measurements: [Measurement]
    let file: String
    private(set) var wells: [Well] = []
    /// Analytes in order of first appearance.
    private(set) var analytes: [String] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var wellIndex: [String: Int] = [:]

    init(measurements: [Measurement], file: String) {
        self.measurements = measurements
        self.file = file
        var wellCache: [String: String?] = [:]
        var seenAnalytes = Set<String>()
        var warnedNoWell = false
        var untyped = 0
        for (i, m) in measurements.enumerated() where m.assay == .cytokine {
            let wellName: String? = {
                if let cached = wellCache[m.extra] { return cached }
                let w = FlatJSON.value("well", in: m.extra).flatMap { $0.isEmpty ? nil : $0 }
                wellCache[m.extra] = w
                return w
            }()
            if wellName == nil, !warnedNoWell {
                warnedNoWell = true
                diagnostics.append(
                    .warning(
                        location(of: m), code: "well-missing",
                        "measurement has no well in `extra`; wells are identified by sample name, so replicate wells of one sample are merged"
                    ))
            }
            let id = wellName ?? "sample:" + m.sample
            let type = WellType.from(flags: m.flags)
            if type == nil { untyped += 1 }
            let w: Int
            if let existing = wellIndex[id] {
                w = existing
                if wells[w].sample != m.sample {
                    diagnostics.append(
                        .warning(
                            location(of: m), code: "well-sample-conflict",
                            "well \(id) holds sample '\(wells[w].sample)' and '\(m.sample)'; the second is ignored by curve analysis"))
                    continue
                }
                if let type, wells[w].type == .unknown, type != .unknown { wells[w].type = type }
            } else {
                w = wells.count
                wellIndex[id] = w
                wells.append(Well(id: wellName ?? m.sample, sample: m.sample, type: type ?? .unknown))
            }
            if seenAnalytes.insert(m.analyte).inserted, !m.analyte.isEmpty { analytes.append(m.analyte) }
            wells[w].all[m.analyte, default: []].append(i)
            if wells[w].cells[m.analyte]?[m.statistic] != nil {
                diagnostics.append(
                    .warning(
                        location(of: m), code: "duplicate-statistic",
                        "well \(wells[w].id), \(m.analyte): a second \(m.statistic) value; the first is used"))
            } else {
                wells[w].cells[m.analyte, default: [:]][m.statistic] = i
            }
        }
        if untyped > 0 {
            diagnostics.append(
                .warning(
                    SourceLocation(file: file), code: "well-type-missing",
                    "\(untyped) measurements carry no well type flag (standard/control/blank/unknown); treated as unknown samples"))
        }
    }

    /// The well with this id (`A1`, or the sample name when the reader gave no well).
    func well(id: String) -> Well? { wells.first { $0.id == id } }

    func location(of m: Measurement) -> SourceLocation {
        SourceLocation(file: file, line: m.sourceLine, column: m.sourceColumn)
    }

    func measurement(_ well: Well, _ analyte: String, _ statistic: Statistic) -> Measurement? {
        well.cells[analyte]?[statistic].map { measurements[$0] }
    }

    func value(_ well: Well, _ analyte: String, _ statistic: Statistic) -> Double? {
        guard let m = measurement(well, analyte, statistic), m.value.isFinite else { return nil }
        return m.value
    }

    /// The well's dilution for an analyte: the analyte's own `dilution` value, else the one the
    /// well gives for every analyte; 1 when there is none (xPONENT leaves standards empty).
    /// nil (with the reason) when it is not a positive number or the well's values disagree.
    func dilution(_ well: Well, _ analyte: String) -> (value: Double?, problem: String?) {
        if let m = measurement(well, analyte, CytokineStatistic.dilution) {
            if m.value.isNaN { return (1, nil) }
            return m.value > 0 ? (m.value, nil) : (nil, "dilution factor \(m.value) is not positive")
        }
        var values = Set<Double>()
        for (_, stats) in well.cells {
            if let i = stats[CytokineStatistic.dilution], measurements[i].value.isFinite { values.insert(measurements[i].value) }
        }
        if values.isEmpty { return (1, nil) }
        if values.count > 1 { return (nil, "the well's dilution factors disagree (\(values.sorted()))") }
        let v = values.first!
        return v > 0 ? (v, nil) : (nil, "dilution factor \(v) is not positive")
    }
}

extension PlateWellIndex {
    /// The kind of response the plate has for an analyte: the first `PlateResponse` any well
    /// has a value of (raw or adjusted); fluorescence when none (the message then names MFI).
    func responseKind(_ analyte: String) -> PlateResponse {
        for kind in PlateResponse.all {
            if wells.contains(where: { $0.cells[analyte]?[kind.raw] != nil || $0.cells[analyte]?[kind.adjusted] != nil }) {
                return kind
            }
        }
        return .fluorescence
    }
}
