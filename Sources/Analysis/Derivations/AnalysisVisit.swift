extension Derive {
    /// AVISIT / AVISITN by visit window: the record's study day falls in the window
    /// [window_low, window_high] of exactly one scheduled visit (the study loader rejects
    /// overlapping windows). Records outside every window, or without a study day, keep an
    /// empty AVISIT: they stay in the dataset but are not analysed by visit.
    public static func analysisVisits(_ records: consuming [CFBRecord], visits: [StudyDefinition.VisitWindow]) -> [CFBRecord] {
        func apply(_ r: inout CFBRecord) {
            guard let day = r.studyDay, let window = visits.first(where: { $0.contains(day: day) }) else {
                r.analysisVisit = ""
                r.analysisVisitNumber = nil
                return
            }
            r.analysisVisit = window.name
            r.analysisVisitNumber = window.number
        }
        return eachRecord(records, apply)
    }

    /// ANL01FL: within each subject × parameter × BASETYPE × analysis visit, flags the one record
    /// analysed: the baseline record where the visit holds it; otherwise the record with a value
    /// closest to the visit's target day, and on a tie (one day early, one day late) the later
    /// record. Two different values on the same closest day cannot be told apart: neither is
    /// flagged and both notes say why, rather than picking one silently.
    public static func analysisFlags(_ records: consuming [CFBRecord], visits: [StudyDefinition.VisitWindow]) -> [CFBRecord] {
        var out = records
        for i in out.indices { out[i].analysisFlag = false }
        let targets = Dictionary(visits.map { ($0.name, $0.targetDay) }, uniquingKeysWith: { a, _ in a })
        var groups: [GroupKey: [Int]] = [:]
        for (i, r) in out.enumerated() where !r.analysisVisit.isEmpty && r.hasValue && r.studyDay != nil {
            groups[GroupKey(r, visit: true), default: []].append(i)
        }
        for (key, members) in groups {
            if let b = members.first(where: { out[$0].baselineFlag }) {
                out[b].analysisFlag = true
                continue
            }
            guard let target = targets[key.visit] else { continue }
            func distance(_ i: Int) -> Int { abs(out[i].studyDay! - target) }
            let best = members.map(distance).min()!
            let closest = members.filter { distance($0) == best }
            let latestDay = closest.map { out[$0].studyDay! }.max()!
            let chosen = closest.filter { out[$0].studyDay! == latestDay }
            let distinctValues = Set(chosen.map { ValueKey(out[$0]) })
            if distinctValues.count > 1 {
                for i in chosen {
                    out[i].appendNote(
                        sameDayDifferentValueNote(
                            parameterCode: key.parameterCode, date: out[i].date,
                            visit: key.visit))
                }
                continue
            }
            out[chosen[0]].analysisFlag = true
        }
        return out
    }

    struct GroupKey: Hashable {
        var subject: String
        var parameterCode: String
        var basetype: String
        var visit: String
        init(_ r: CFBRecord, visit: Bool) {
            subject = r.subject
            parameterCode = r.parameterCode
            basetype = r.basetype
            self.visit = visit ? r.analysisVisit : ""
        }
    }

    struct ValueKey: Hashable {
        var value: Double
        var text: String
        init(_ r: CFBRecord) {
            value = r.value.isNaN ? -.infinity : r.value
            text = r.isCategorical ? r.valueText : ""
        }
    }
}
