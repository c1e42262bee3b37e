import Domain
import Foundation

/// `immunopipe diff --from G1 --to G2`: what reprocessing changed, per analyte, for review
/// before a commit. Rows are matched by where they were read (file bytes, line, column) and what
/// they are (analyte, statistic, denominator, parameter): a panel change that renames a
/// population shows as rows removed under the old code and added under the new one.
public struct GenerationDiff: Sendable, Codable {
    public struct AnalyteChange: Sendable, Codable, Hashable {
        public var analyte: String
        public var added = 0
        public var removed = 0
        public var changed = 0
        public var unchanged = 0
    }

    public var from: Int64
    public var to: Int64
    public var analytes: [AnalyteChange]

    public var totals: AnalyteChange {
        analytes.reduce(into: AnalyteChange(analyte: "all")) { t, a in
            t.added += a.added
            t.removed += a.removed
            t.changed += a.changed
            t.unchanged += a.unchanged
        }
    }

    struct Key: Hashable {
        var sha: String, line: Int, column: Int, analyte: String, statistic: String, denominator: String, parameter: String
    }

    struct Value: Equatable {
        var value: Double, qualifier: String, unit: String
        static func == (a: Value, b: Value) -> Bool {
            (a.value == b.value || (a.value.isNaN && b.value.isNaN)) && a.qualifier == b.qualifier && a.unit == b.unit
        }
    }

    public static func compute(store: StudyStore, from: Int64, to: Int64) throws -> GenerationDiff {
        let before = try rows(store, from)
        let after = try rows(store, to)
        var byAnalyte: [String: AnalyteChange] = [:]
        for (k, v) in after {
            if let old = before[k] {
                if old == v {
                    byAnalyte[k.analyte, default: .init(analyte: k.analyte)].unchanged += 1
                } else {
                    byAnalyte[k.analyte, default: .init(analyte: k.analyte)].changed += 1
                }
            } else {
                byAnalyte[k.analyte, default: .init(analyte: k.analyte)].added += 1
            }
        }
        for k in before.keys where after[k] == nil {
            byAnalyte[k.analyte, default: .init(analyte: k.analyte)].removed += 1
        }
        return GenerationDiff(from: from, to: to, analytes: byAnalyte.values.sorted { $0.analyte < $1.analyte })
    }

    static func rows(_ store: StudyStore, _ g: Int64) throws -> [Key: Value] {
        let paths = try store.segmentPaths(generation: g)
        let known = try store.catalog.generationStatus(g) != nil
        if paths.isEmpty && !known {
            throw StoreError.invalid("generation \(g) does not exist and no shard of it has finished")
        }
        var out: [Key: Value] = [:]
        for path in paths {
            let seg = try SegmentReader(path: path)
            let sha = try seg.table("sources")?.text("sha256") ?? []
            let sources = try seg.numbers("source", 0..<seg.rowCount, as: Int32.self)
            for (i, m) in try seg.measurements().enumerated() {
                let s = Int(sources[i])
                let key = Key(
                    sha: s < sha.count ? sha[s] : "", line: m.sourceLine, column: m.sourceColumn, analyte: m.analyte,
                    statistic: m.statistic.rawValue, denominator: m.denominator, parameter: m.parameter)
                out[key] = Value(value: m.value, qualifier: m.qualifier.rawValue, unit: m.unit)
            }
            try seg.close()
        }
        return out
    }
}
