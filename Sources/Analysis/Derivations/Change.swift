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
                throw mixedUnits(subject: r.subject, parameterCode: r.parameterCode, first: seen, other: (r.unit, r.source))
            }
            unitOf[key] = unitOf[key] ?? (r.unit, r.source)
        }
    }

    /// CHG = AVAL − BASE, post-baseline, when both are numbers.
    public static func change(_ records: consuming [CFBRecord]) -> [CFBRecord] {
        eachRecord(records) { $0.change = isPostBaseline($0) ? Derive.change(value: $0.value, base: $0.base) : nil }
    }

    /// PCHG = 100 · CHG / |BASE|; missing when BASE = 0 (a change from nothing has no percentage).
    public static func percentChange(_ records: consuming [CFBRecord]) -> [CFBRecord] {
        eachRecord(records) { $0.percentChange = Derive.percentChange(change: $0.change, base: $0.base) }
    }

    /// R2BASE = AVAL / BASE, post-baseline; missing when BASE = 0.
    public static func ratioToBase(_ records: consuming [CFBRecord]) -> [CFBRecord] {
        eachRecord(records) { $0.ratioToBase = Derive.ratioToBase(change: $0.change, value: $0.value, base: $0.base) }
    }

    /// log2(AVAL / BASE), post-baseline; missing unless AVAL and BASE are both positive.
    public static func log2RatioToBase(_ records: consuming [CFBRecord]) -> [CFBRecord] {
        eachRecord(records) { $0.log2RatioToBase = Derive.log2RatioToBase(change: $0.change, value: $0.value, base: $0.base) }
    }
}
