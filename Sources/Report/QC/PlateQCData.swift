import Analysis
import Domain
import Foundation
import Numerical
import Store

/// Everything the plate QC page shows for one batch, read from its segment: the side tables
/// ingest wrote (`standard_curves`, `standard_recovery`, `control_tracking`), the well-level
/// responses and bead counts with the QC flags ingest set, and the batch's QC warnings.
public struct PlateQCData: Sendable {
    public struct Curve: Sendable, Hashable {
        public var plate: String
        public var analyte: String
        public var sourceName: String
        public var status: String
        public var model: String
        public var response: String
        /// nil when the fit failed.
        public var curve: LogisticCurve?
        public var r2: Double
        public var lloq: Double
        public var uloq: Double
        public var unit: String
        public var message: String
    }

    public struct Standard: Sendable, Hashable {
        public var plate: String
        public var analyte: String
        public var standard: String
        public var well: String
        public var expected: Double
        public var status: String
        public var response: Double
        public var backCalculated: Double
        public var recoveryPercent: Double
        public var withinRange: String
        public var unit: String
    }

    public struct Control: Sendable, Hashable {
        public var result: ControlResult
        public var recoveryPercent: Double
        public var withinRange: String
    }

    public struct BeadCount: Sendable, Hashable {
        public var sample: String
        public var well: String
        public var analyte: String
        public var count: Double
        public var flagged: Bool
    }

    public struct Warning: Sendable, Hashable {
        public var code: String
        public var location: String
        public var message: String
    }

    public var study: String
    public var batch: Int64
    public var files: [String]
    public var curves: [Curve]
    public var standards: [Standard]
    public var controls: [Control]
    public var replicates: [ReplicateGroup]
    public var beadCounts: [BeadCount]
    public var warnings: [Warning]
    /// The batch's flow values of the key populations (for the cytometry page).
    public var cytometry: [Domain.Measurement]

    /// Plates in the batch, in table order.
    public var plates: [String] {
        var seen: [String] = []
        for c in curves where !seen.contains(c.plate) { seen.append(c.plate) }
        return seen
    }
}

/// Store access for the QC pages: batches, their side tables and measurements.
public enum QCStoreReader {
    /// The committed batch `id` of the current generation.
    public static func batch(_ store: StudyStore, id: Int64) throws -> BatchInfo {
        guard let b = try store.catalog.batches(generation: store.catalog.currentGeneration()).first(where: { $0.id == id }) else {
            throw ReportError("no committed batch \(id) in the current generation of \(store.root)")
        }
        return b
    }

    /// A side table of every committed batch (with the batch id beside each table).
    public static func sideTables(_ store: StudyStore, named name: String) throws -> [(batch: Int64, table: AuxiliaryTable)] {
        var out: [(Int64, AuxiliaryTable)] = []
        for b in try store.catalog.batches(generation: store.catalog.currentGeneration()) {
            guard let path = store.segmentPath(b) else { continue }
            let seg = try SegmentReader(path: path)
            defer { try? seg.close() }
            if let t = try seg.table(name) { out.append((b.id, t)) }
        }
        return out
    }

    /// The `control_tracking` rows of the whole study (current generation).
    public static func controlResults(_ store: StudyStore) throws -> [ControlResult] {
        var out: [ControlResult] = []
        for b in try store.catalog.batches(generation: store.catalog.currentGeneration()) {
            guard let path = store.segmentPath(b) else { continue }
            let seg = try SegmentReader(path: path)
            defer { try? seg.close() }
            if let t = try seg.table("control_tracking") { out += controls(t, batch: b.id, runDate: try runDate(seg)).map(\.result) }
        }
        return out
    }

    /// The run date the instrument wrote in its header (`instrument_run`, ISO), for control rows
    /// whose own `run_date` is empty: plate QC takes it from the values' `extra`, where xPONENT
    /// exports do not carry it, and a Levey-Jennings chart needs it for run order.
    static func runDate(_ seg: SegmentReader) throws -> String {
        guard let t = try seg.table("instrument_run"), let keys = t.text("key"), let values = t.text("value") else { return "" }
        for key in ["run_date", "batch_start", "export_date"] {
            if let i = keys.firstIndex(of: key), !values[i].isEmpty { return values[i] }
        }
        return ""
    }

    static func controls(_ t: AuxiliaryTable, batch: Int64, runDate: String) -> [PlateQCData.Control] {
        let col = Columns(t)
        return (0..<t.rowCount).map { i in
            PlateQCData.Control(
                result: ControlResult(
                    batch: batch, plateID: col.text("plate_id", i),
                    runDate: col.text("run_date", i).isEmpty ? runDate : col.text("run_date", i),
                    control: col.text("control", i), well: col.text("well", i), analyte: col.text("analyte", i),
                    observed: col.number("observed", i), qualifier: col.text("qualifier", i),
                    expected: col.number("expected", i), low: col.number("low", i), high: col.number("high", i)),
                recoveryPercent: col.number("recovery_pct", i), withinRange: col.text("within_range", i))
        }
    }

    /// Reads one batch for the plate / cytometry QC pages.
    public static func plateQC(_ store: StudyStore, batch id: Int64) throws -> PlateQCData {
        let b = try batch(store, id: id)
        var data = PlateQCData(
            study: store.study, batch: id, files: try store.catalog.sources(batch: id).map(\.name),
            curves: [], standards: [], controls: [], replicates: [], beadCounts: [], warnings: [], cytometry: [])
        guard let path = store.segmentPath(b) else { return data }
        let seg = try SegmentReader(path: path)
        defer { try? seg.close() }
        if let t = try seg.table("standard_curves") {
            let c = Columns(t)
            data.curves = (0..<t.rowCount).map { i in
                let p = ["A", "B", "C", "D", "F"].map { c.number($0, i) }
                let curve = p.allSatisfy(\.isFinite) ? LogisticCurve(a: p[0], b: p[1], c: p[2], d: p[3], f: p[4]) : nil
                return .init(
                    plate: c.text("plate", i), analyte: c.text("analyte", i), sourceName: c.text("source_name", i),
                    status: c.text("status", i), model: c.text("model", i), response: c.text("response", i), curve: curve,
                    r2: c.number("r2", i), lloq: c.number("lloq", i), uloq: c.number("uloq", i), unit: c.text("unit", i),
                    message: c.text("message", i))
            }
        }
        if let t = try seg.table("standard_recovery") {
            let c = Columns(t)
            data.standards = (0..<t.rowCount).map { i in
                .init(
                    plate: c.text("plate", i), analyte: c.text("analyte", i), standard: c.text("standard", i), well: c.text("well", i),
                    expected: c.number("expected", i), status: c.text("status", i), response: c.number("response", i),
                    backCalculated: c.number("back_calculated", i), recoveryPercent: c.number("recovery_pct", i),
                    withinRange: c.text("within_range", i), unit: c.text("unit", i))
            }
        }
        if let t = try seg.table("control_tracking") { data.controls = controls(t, batch: id, runDate: try runDate(seg)) }
        if let t = try seg.table("diagnostics") {
            let c = Columns(t)
            let qcCodes: Set<String> = Set(PlateQCPage.qcFlags.map(\.rawValue))
            data.warnings = (0..<t.rowCount).compactMap { i in
                let code = c.text("code", i)
                guard qcCodes.contains(code) || code.hasPrefix("curve-") || code.hasPrefix("standard-") || code == "no-quantifiable-range"
                else { return nil }
                let line = c.number("line", i), column = c.number("column", i)
                let loc =
                    c.text("file", i) + (line.isFinite && line > 0 ? ":\(Int(line))" : "")
                    + (column.isFinite && column > 0 ? ":\(Int(column))" : "")
                return .init(code: code, location: loc, message: c.text("message", i))
            }
        }
        // Well-level values: raw response for replicate %CV (the raw form of the curve's kind,
        // as plate QC computes it), bead counts, and flow values for the cytometry page.
        let rawKinds: Set<String> = [Statistic.mfi.rawValue, Statistic.signal.rawValue]
        var wells: [WellResponse] = []
        let n = try seg.rowCount
        var start = 0
        while start < n {
            for m in try seg.measurements(start..<min(n, start + 65536)) {
                if m.assay == .cytometry {
                    // Only what the cytometry page shows: a flow batch can hold millions of values.
                    if CytometryQCPage.keyPopulations.contains(m.analyte) { data.cytometry.append(m) }
                    continue
                }
                guard m.hasFlag(.wellLevel) || !m.parameter.isEmpty else { continue }
                let type = PlateQCPage.wellType(m)
                if m.statistic == .beadCount {
                    data.beadCounts.append(
                        .init(
                            sample: m.sample, well: m.parameter, analyte: m.analyte, count: m.value,
                            flagged: m.hasFlag(.lowBeadCount)))
                } else if rawKinds.contains(m.statistic.rawValue) {
                    wells.append(
                        WellResponse(
                            sample: m.sample, wellType: type, analyte: m.analyte, well: m.parameter,
                            value: m.value, cvFlagged: m.hasFlag(.cvHigh)))
                }
            }
            start += 65536
        }
        data.replicates = ReplicateCV.groups(wells)
        return data
    }
}

/// Column access by name with defaults for absent columns (older segments, other instruments).
struct Columns {
    let table: AuxiliaryTable
    private var texts: [String: [String]] = [:]
    private var numbers: [String: [Double]] = [:]
    init(_ t: AuxiliaryTable) {
        table = t
        for (name, column) in t.columns {
            switch column {
            case .text(let v): texts[name] = v
            case .number(let v): numbers[name] = v
            }
        }
    }
    func text(_ name: String, _ i: Int) -> String {
        if let v = texts[name] { return v[i] }
        if let v = numbers[name], v[i].isFinite { return CurveNumber.format(v[i]) }
        return ""
    }
    func number(_ name: String, _ i: Int) -> Double {
        if let v = numbers[name] { return v[i] }
        if let v = texts[name] { return Double(v[i]) ?? .nan }
        return .nan
    }
}

/// Plain number text for tables: up to 4 significant digits, no exponent for ordinary values.
enum CurveNumber {
    static func format(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return "" }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e6 || a < 1e-4 { return String(format: "%.\(digits - 1)e", x) }
        let decimals = max(0, digits - 1 - Int(log10(a).rounded(.down)))
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
