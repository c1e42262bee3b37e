extension Derive {
    /// ABLFL: within each subject × parameter of `basetype`, flags the last record with a value
    /// on or before (or, by the study's rule, strictly before) the subject's anchor date (Day 1,
    /// or the first dose of a later period). Records of subjects without an anchor get no
    /// baseline. Two candidates on that last date with different values are an error naming both
    /// records: which one is "the" baseline is the study's decision, not the program's.
    public static func baselineFlags(
        _ records: consuming [CFBRecord], anchor: [String: String],
        rule: StudyDefinition.BaselineRule.Kind, basetype: String
    ) throws -> [CFBRecord] {
        var out = records
        var groups: [GroupKey: [Int]] = [:]
        for (i, r) in out.enumerated() where r.basetype == basetype {
            out[i].baselineFlag = false
            guard let a = anchor[r.subject], r.hasValue, !r.date.isEmpty else { continue }
            let eligible = rule == .lastOnOrBeforeDay1 ? r.date <= a : r.date < a
            if eligible { groups[GroupKey(r, visit: false), default: []].append(i) }
        }
        for (key, members) in groups {
            let lastDate = members.map { out[$0].date }.max()!
            let candidates = members.filter { out[$0].date == lastDate }
            let first = candidates[0]
            if let other = candidates.dropFirst().first(where: { ValueKey(out[$0]) != ValueKey(out[first]) }) {
                let a = out[first], b = out[other]
                throw duplicateBaseline(
                    subject: key.subject, parameterCode: key.parameterCode, basetype: basetype,
                    date: lastDate, first: describe(a), other: describe(b))
            }
            out[first].baselineFlag = true
        }
        return out
    }

    static func describe(_ r: CFBRecord) -> String {
        describe(value: r.value, categorical: r.isCategorical, valueText: r.valueText, source: r.source)
    }

    /// BASE / BASEC: every record of a subject × parameter × BASETYPE gets the value of that
    /// group's baseline record (NaN / empty where the group has none).
    public static func base(_ records: consuming [CFBRecord]) -> [CFBRecord] {
        var out = records
        var baseline: [GroupKey: CFBRecord] = [:]
        for r in out where r.baselineFlag { baseline[GroupKey(r, visit: false)] = r }
        func apply(_ r: inout CFBRecord) {
            if let b = baseline[GroupKey(r, visit: false)] {
                r.base = b.isCategorical ? .nan : b.value
                r.baseText = b.isCategorical ? b.valueText : ""
                r.baselineDate = b.date
            } else {
                r.base = .nan
                r.baseText = ""
                r.baselineDate = ""
            }
        }
        for i in out.indices { apply(&out[i]) }
        return out
    }
}
