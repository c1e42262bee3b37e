import Foundation

/// Replicate wells of one sample and analyte on a plate, and their %CV of raw response: what
/// plate QC's `cv-high` flag judged (the flag, set at ingest, is the verdict; this is the figure).
public struct ReplicateGroup: Sendable, Hashable {
    public var sample: String
    public var wellType: String
    public var analyte: String
    public var wells: [String]
    public var values: [Double]
    /// Set when ingest flagged any of these wells `cv-high`.
    public var flagged: Bool

    public var mean: Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }
    /// SD with n − 1; NaN for fewer than two values.
    public var sd: Double {
        guard values.count >= 2 else { return .nan }
        let m = mean
        return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
    /// 100 × SD / mean; NaN when the mean is not positive.
    public var cvPercent: Double { mean > 0 ? sd / mean * 100 : .nan }
}

/// One well's raw response, as the grouping needs it.
public struct WellResponse: Sendable, Hashable {
    public var sample: String
    public var wellType: String
    public var analyte: String
    public var well: String
    public var value: Double
    public var cvFlagged: Bool
    public init(sample: String, wellType: String, analyte: String, well: String, value: Double, cvFlagged: Bool) {
        self.sample = sample
        self.wellType = wellType
        self.analyte = analyte
        self.well = well
        self.value = value
        self.cvFlagged = cvFlagged
    }
}

public enum ReplicateCV {
    /// Groups wells by sample, well type and analyte (as plate QC does; blanks excluded), keeping
    /// groups of two or more wells with a finite value.
    public static func groups(_ wells: [WellResponse]) -> [ReplicateGroup] {
        let grouped = Dictionary(grouping: wells.filter { $0.wellType != "blank" && $0.value.isFinite }) {
            "\($0.sample)\u{1}\($0.wellType)\u{1}\($0.analyte)"
        }
        return grouped.values.compactMap { ws -> ReplicateGroup? in
            guard ws.count >= 2 else { return nil }
            let sorted = ws.sorted { $0.well < $1.well }
            return ReplicateGroup(
                sample: sorted[0].sample, wellType: sorted[0].wellType, analyte: sorted[0].analyte,
                wells: sorted.map(\.well), values: sorted.map(\.value), flagged: sorted.contains(where: \.cvFlagged))
        }.sorted { ($0.analyte, $0.wellType, $0.sample) < ($1.analyte, $1.wellType, $1.sample) }
    }
}
