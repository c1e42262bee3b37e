import Foundation

extension Derive {
    /// Whether a record comes after its baseline (change is derived only there; the baseline
    /// record and earlier ones have none).
    static func isPostBaseline(_ r: CFBRecord) -> Bool {
        !r.baselineDate.isEmpty && r.date > r.baselineDate
    }

    /// A change between values in different units is meaningless: one subject's parameter must
    /// carry one unit (empty units are not compared). Convert upstream (panel mapping) instead.
    public static func checkUnits(_ records: [CFBRecord]) throws {
        var unitOf: [GroupKey: (unit: String, source: String)] = [:]
        for r in records where !r.unit.isEmpty {
            let key = GroupKey(r, visit: false)
            if let seen = unitOf[key], seen.unit != r.unit {
                throw AnalysisError(code: "mixed-units",
                    "subject \(r.subject), \(r.parameterCode) is in \(seen.unit)\(seen.source.isEmpty ? "" : " (\(seen.source))") and in \(r.unit)\(r.source.isEmpty ? "" : " (\(r.source))"): convert to one unit before change from baseline")
            }
            unitOf[key] = unitOf[key] ?? (r.unit, r.source)
        }
    }

    /// CHG = AVAL − BASE, post-baseline, when both are numbers.
    public static func change(_ records: consuming [CFBRecord]) -> [CFBRecord] {
        var out = records
        func apply(_ r: inout CFBRecord) {
            r.change = isPostBaseline(r) && !r.value.isNaN && !r.base.isNaN ? r.value - r.base : nil
        }
        for i in out.indices { apply(&out[i]) }
        return out
    }

    /// PCHG = 100 · CHG / |BASE|; missing when BASE = 0 (a change from nothing has no percentage).
    public static func percentChange(_ records: consuming [CFBRecord]) -> [CFBRecord] {
        var out = records
        func apply(_ r: inout CFBRecord) {
            if let chg = r.change, r.base != 0 { r.percentChange = 100 * chg / abs(r.base) } else { r.percentChange = nil }
        }
        for i in out.indices { apply(&out[i]) }
        return out
    }

    /// R2BASE = AVAL / BASE, post-baseline; missing when BASE = 0.
    public static func ratioToBase(_ records: consuming [CFBRecord]) -> [CFBRecord] {
        var out = records
        func apply(_ r: inout CFBRecord) {
            r.ratioToBase = r.change != nil && r.base != 0 ? r.value / r.base : nil
        }
        for i in out.indices { apply(&out[i]) }
        return out
    }

    /// log2(AVAL / BASE), post-baseline; missing unless AVAL and BASE are both positive.
    public static func log2RatioToBase(_ records: consuming [CFBRecord]) -> [CFBRecord] {
        var out = records
        func apply(_ r: inout CFBRecord) {
            r.log2RatioToBase = r.change != nil && r.value > 0 && r.base > 0 ? log2(r.value / r.base) : nil
        }
        for i in out.indices { apply(&out[i]) }
        return out
    }
}
