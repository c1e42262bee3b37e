import Foundation

/// The rows of one BASETYPE (all values for the first baseline; those of subjects with a later
/// anchor for the second) and what `ChangeFromBaseline.fromBaseline` derives for them, by
/// position in `rows` (input rows in `ColumnarRows.order`'s order, so each subject × PARAMCD is
/// one run, in date order).
struct BaselinePass {
    var rows: [Int32]
    /// AVISIT as a window index (the baseline record moves to the baseline visit), -1 for none.
    var visit: [Int16]
    var note: [String]
    var flag: [Bool]
    var baselineRow: [Int32]
    var base: [Double]
    var change: [Double?], percentChange: [Double?], ratioToBase: [Double?], log2RatioToBase: [Double?]
    var analysisFlag: [Bool]

    init(rows: [Int32], _ c: ColumnarRows) {
        self.rows = rows
        visit = rows.map { c.visit[Int($0)] }
        note = rows.map { c.note[Int($0)] }
        flag = [Bool](repeating: false, count: rows.count)
        baselineRow = [Int32](repeating: -1, count: rows.count)
        base = [Double](repeating: .nan, count: rows.count)
        change = [Double?](repeating: nil, count: rows.count)
        percentChange = change
        ratioToBase = change
        log2RatioToBase = change
        analysisFlag = flag
    }

    /// ABLFL, the baseline visit, BASE, CHG, PCHG, R2BASE, L2R2BASE and ANL01FL.
    mutating func fromBaseline(
        _ c: ColumnarRows, anchor: [Int32], rule: StudyDefinition.BaselineRule.Kind,
        basetype: String, baselineVisit: String, warnings: inout [String]
    ) throws {
        let runs = c.runs(rows)
        try baselineFlags(c, runs, anchor: anchor, strict: rule != .lastOnOrBeforeDay1, basetype: basetype)
        // The baseline record is shown at the baseline visit, warned when outside its window
        // (`Derive.baselineOutsideWindowWarning`); warnings in input order.
        if let w = c.study.visits.firstIndex(where: { $0.name == baselineVisit }) {
            let window = c.study.visits[w]
            var outside: [(row: Int32, message: String)] = []
            for p in rows.indices where flag[p] {
                let day = c.studyDay[Int(rows[p])]
                if day != CFBColumns.noDay, !window.contains(day: Int(day)) {
                    let r = c.values[Int(rows[p])]
                    outside.append(
                        (
                            rows[p],
                            Derive.baselineOutsideWindowWarning(
                                source: r.source, subject: r.subject, parameterCode: r.parameterCode, basetype: basetype,
                                day: Int(day), window: window)
                        ))
                }
                visit[p] = Int16(w)
            }
            warnings += outside.sorted { $0.row < $1.row }.map(\.message)
        }
        deriveChange(c, runs)
        analysisFlags(c, runs)
    }

    /// `Derive.baselineFlags`: in each run, the eligible rows on the last eligible date; the
    /// first of them (input order) is the baseline unless another has a different value.
    mutating func baselineFlags(
        _ c: ColumnarRows, _ runs: [Range<Int>], anchor: [Int32], strict: Bool,
        basetype: String
    ) throws {
        for run in runs {
            let a = anchor[Int(c.subject[Int(rows[run.lowerBound])])]
            guard a >= 0 else { continue }
            func eligible(_ i: Int) -> Bool {
                c.hasValue[i] && c.hasDate[Int(c.dateCode[i])] && (strict ? c.dateRank[i] < a : c.dateRank[i] <= a)
            }
            guard let last = run.reversed().first(where: { eligible(Int(rows[$0])) }) else { continue }
            let lastDate = c.dateRank[Int(rows[last])]
            let candidates = run.filter { c.dateRank[Int(rows[$0])] == lastDate && eligible(Int(rows[$0])) }
                .sorted { rows[$0] < rows[$1] }
            let first = candidates[0]
            if let other = candidates.dropFirst().first(where: { !c.sameValue(Int(rows[$0]), Int(rows[first])) }) {
                let x = c.values[Int(rows[first])]
                throw Derive.duplicateBaseline(
                    subject: x.subject, parameterCode: x.parameterCode, basetype: basetype,
                    date: x.date, first: describe(c, Int(rows[first])),
                    other: describe(c, Int(rows[other])))
            }
            flag[first] = true
        }
    }

    /// `Derive.describe`: the value (or category) and where it came from.
    private func describe(_ c: ColumnarRows, _ i: Int) -> String {
        Derive.describe(
            value: c.value[i], categorical: c.categorical[i], valueText: c.values[i].valueText,
            source: c.values[i].source)
    }

    /// BASE, CHG, PCHG, R2BASE and L2R2BASE of each run from its baseline row.
    mutating func deriveChange(_ c: ColumnarRows, _ runs: [Range<Int>]) {
        for run in runs {
            guard let b = run.first(where: { flag[$0] }) else { continue }
            let bi = Int(rows[b])
            let baseValue = c.categorical[bi] ? Double.nan : c.value[bi]
            for p in run {
                baselineRow[p] = rows[b]
                base[p] = baseValue
                let i = Int(rows[p])
                guard c.dateRank[i] > c.dateRank[bi] else { continue } // post-baseline only
                let chg = Derive.change(value: c.value[i], base: baseValue)
                change[p] = chg
                percentChange[p] = Derive.percentChange(change: chg, base: baseValue)
                ratioToBase[p] = Derive.ratioToBase(change: chg, value: c.value[i], base: baseValue)
                log2RatioToBase[p] = Derive.log2RatioToBase(change: chg, value: c.value[i], base: baseValue)
            }
        }
    }

    /// Whether position `p` comes after its baseline (`Derive.isPostBaseline`).
    func isPostBaseline(_ p: Int, _ c: ColumnarRows) -> Bool {
        baselineRow[p] >= 0 && c.dateRank[Int(rows[p])] > c.dateRank[Int(baselineRow[p])]
    }

    /// `Derive.analysisFlags` within each run, by analysis visit.
    mutating func analysisFlags(_ c: ColumnarRows, _ runs: [Range<Int>]? = nil) {
        for p in analysisFlag.indices { analysisFlag[p] = false }
        let windows = c.study.visits
        // Looked up once, not per row (reading a window's name retained and released it).
        let named = windows.map { !$0.name.isEmpty }, targets = windows.map(\.targetDay)
        var members: [(visit: Int, row: Int32, p: Int)] = []
        for run in runs ?? c.runs(rows) {
            members.removeAll(keepingCapacity: true)
            for p in run where visit[p] >= 0 && named[Int(visit[p])] {
                let i = Int(rows[p])
                if c.hasValue[i], c.studyDay[i] != CFBColumns.noDay { members.append((c.visitNameID[Int(visit[p])], rows[p], p)) }
            }
            // A run is in date order, so its visits mostly come in order already: sorted only if not.
            let precedes = { (a: (visit: Int, row: Int32, p: Int), b: (visit: Int, row: Int32, p: Int)) in
                a.visit != b.visit ? a.visit < b.visit : a.row < b.row
            }
            var inOrder = true
            for k in members.indices.dropFirst() where precedes(members[k], members[k - 1]) {
                inOrder = false
                break
            }
            if !inOrder { members.sort(by: precedes) }
            var start = 0
            while start < members.count {
                var end = start + 1
                while end < members.count, members[end].visit == members[start].visit { end += 1 }
                // Most visits hold one record: it is the visit's, baseline or not (flagged here,
                // with no slice of `members` made and released per row, as `flagVisit` needs).
                if end - start == 1 {
                    analysisFlag[members[start].p] = true
                } else {
                    flagVisit(c, members[start..<end], target: targets[members[start].visit], window: members[start].visit)
                }
                start = end
            }
        }
    }

    /// One subject × PARAMCD × visit: the baseline record, else the record closest to the
    /// target day (the later on a tie); two different values there are noted, not flagged.
    /// `window` is the visit's first window (`ColumnarRows.visitNameID`), named in such notes.
    private mutating func flagVisit(
        _ c: ColumnarRows, _ group: ArraySlice<(visit: Int, row: Int32, p: Int)>,
        target: Int, window: Int
    ) {
        // A visit of one record never comes here: `analysisFlags` flags it.
        if let b = group.first(where: { flag[$0.p] }) {
            analysisFlag[b.p] = true
            return
        }
        func day(_ m: (visit: Int, row: Int32, p: Int)) -> Int { Int(c.studyDay[Int(m.row)]) }
        var best = Int.max, latest = Int.min
        for m in group { best = min(best, abs(day(m) - target)) }
        for m in group where abs(day(m) - target) == best { latest = max(latest, day(m)) }
        let chosen = group.filter { day($0) == latest }
        let first = Int(chosen[0].row)
        if chosen.dropFirst().contains(where: { !c.sameValue(Int($0.row), first) }) {
            let code = c.values[first].parameterCode
            for m in chosen {
                appendNote(
                    m.p,
                    Derive.sameDayDifferentValueNote(
                        parameterCode: code, date: c.values[Int(m.row)].date,
                        visit: c.study.visits[window].name))
            }
            return
        }
        analysisFlag[chosen[0].p] = true
    }

    mutating func appendNote(_ p: Int, _ text: String) {
        note[p] = Derive.note(note[p], adding: text)
    }

    /// The positions for which `keep` holds, in order.
    func filtered(_ keep: (Int) -> Bool) -> BaselinePass {
        let kept = rows.indices.filter(keep)
        var out = self
        out.rows = kept.map { rows[$0] }
        out.visit = kept.map { visit[$0] }
        out.note = kept.map { note[$0] }
        out.flag = kept.map { flag[$0] }
        out.baselineRow = kept.map { baselineRow[$0] }
        out.base = kept.map { base[$0] }
        out.change = kept.map { change[$0] }
        out.percentChange = kept.map { percentChange[$0] }
        out.ratioToBase = kept.map { ratioToBase[$0] }
        out.log2RatioToBase = kept.map { log2RatioToBase[$0] }
        out.analysisFlag = kept.map { analysisFlag[$0] }
        return out
    }
}
