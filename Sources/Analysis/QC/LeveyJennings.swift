import Foundation

/// One control result as plate QC recorded it in `control_tracking` (one row per control well ×
/// analyte of a plate).
public struct ControlResult: Sendable, Hashable {
    public var batch: Int64
    public var plateID: String
    public var runDate: String
    public var control: String
    public var well: String
    public var analyte: String
    /// pg/mL; for `<LLOQ`/`>ULOQ` the limit, not a result.
    public var observed: Double
    public var qualifier: String
    public var expected: Double
    public var low: Double
    public var high: Double

    public init(
        batch: Int64, plateID: String, runDate: String, control: String, well: String, analyte: String,
        observed: Double, qualifier: String, expected: Double, low: Double, high: Double
    ) {
        self.batch = batch
        self.plateID = plateID
        self.runDate = runDate
        self.control = control
        self.well = well
        self.analyte = analyte
        self.observed = observed
        self.qualifier = qualifier
        self.expected = expected
        self.low = low
        self.high = high
    }

    /// A quantified result: in the curve's range and a number.
    public var isQuantified: Bool { qualifier == "in_range" && observed.isFinite }
}

/// The Levey-Jennings series of one control and analyte across the study's plates: one run per
/// plate (the mean of the control's replicate wells on that plate), in run order, with the
/// study's own mean and SD and the Westgard violations.
public struct LeveyJenningsSeries: Sendable, Hashable {
    public struct Run: Sendable, Hashable {
        public var batch: Int64
        public var plateID: String
        public var runDate: String
        public var wells: [String]
        /// Mean of the quantified wells; NaN when none was quantified.
        public var value: Double
        /// Wells without a quantified result (`<LLOQ`, `>ULOQ`, none), kept for the table.
        public var unquantified: [String]
        public var expected: Double
    }

    public var control: String
    public var analyte: String
    public var runs: [Run]
    /// Mean and SD (n − 1) of the runs' values; SD NaN with fewer than 2 runs.
    public var mean: Double
    public var sd: Double
    public var violations: [WestgardViolation]

    /// z-score of run i (NaN when not computable).
    public func z(_ i: Int) -> Double { sd > 0 ? (runs[i].value - mean) / sd : .nan }
}

public enum LeveyJennings {
    /// Groups results by control × analyte, orders runs by run date then plate id (then batch),
    /// averages replicate wells per plate, estimates mean and SD from the study's own runs and
    /// evaluates the Westgard rules on them.
    ///
    /// Why the study's own mean and SD: `control_tracking` carries the kit's expected value and
    /// acceptance range (the lab's, or expected ± 30 %), not an SD; a Levey-Jennings chart needs
    /// the control's observed spread, which is what the series itself estimates. Labs with an
    /// established mean and SD from a baseline period pass them as `established`.
    public static func series(
        _ results: [ControlResult],
        established: [String: (mean: Double, sd: Double)] = [:]
    ) -> [LeveyJenningsSeries] {
        let groups = Dictionary(grouping: results) { "\($0.control)\u{1}\($0.analyte)" }
        var out: [LeveyJenningsSeries] = []
        for (_, rows) in groups {
            let first = rows[0]
            let byPlate = Dictionary(grouping: rows) { "\($0.batch)\u{1}\($0.plateID)" }
            var runs: [LeveyJenningsSeries.Run] = byPlate.values.map { wells in
                let q = wells.filter(\.isQuantified)
                let value = q.isEmpty ? .nan : q.map(\.observed).reduce(0, +) / Double(q.count)
                return .init(
                    batch: wells[0].batch, plateID: wells[0].plateID, runDate: wells[0].runDate,
                    wells: wells.map(\.well).sorted(), value: value,
                    unquantified: wells.filter { !$0.isQuantified }.map(\.well).sorted(),
                    expected: wells[0].expected)
            }
            runs.sort { ($0.runDate, $0.plateID, $0.batch) < ($1.runDate, $1.plateID, $1.batch) }
            let values = runs.map(\.value).filter(\.isFinite)
            var mean = values.isEmpty ? Double.nan : values.reduce(0, +) / Double(values.count)
            var sd = Double.nan
            if values.count >= 2 {
                sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
            }
            if let e = established["\(first.control)|\(first.analyte)"] {
                mean = e.mean
                sd = e.sd
            }
            out.append(
                LeveyJenningsSeries(
                    control: first.control, analyte: first.analyte, runs: runs, mean: mean, sd: sd,
                    violations: Westgard.evaluate(runs.map(\.value), mean: mean, sd: sd)))
        }
        return out.sorted { ($0.control, $0.analyte) < ($1.control, $1.analyte) }
    }
}
