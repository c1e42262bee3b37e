import Domain
import Foundation
import Numerical

extension ChangeFromBaseline.Derivation {
    /// The same dataset as `derive`, computed over columns: subject, PARAMCD and date become
    /// integer codes ranked in string order, the rows are put in cfb.csv order by one integer
    /// sort, and every rule (LLOQ, ADY, AVISIT, ABLFL, BASE, CHG, PCHG, R2BASE, L2R2BASE,
    /// ANL01FL, the second baseline) runs as a loop over arrays within runs of one subject and
    /// parameter. No record is built; strings are only made for notes, warnings and errors.
    ///
    /// Where the record-based rules speak of "the first" record of a group they mean the first
    /// in input order: here that is the smallest input index within the run.
    public func deriveColumns(_ values: [AnalysisValue], warnings: inout [String]) throws -> CFBColumns {
        try deriveColumns(AnalysisValueColumns(values), warnings: &warnings)
    }

    /// The same from values already coded (a subject range decoded from its spill).
    public func deriveColumns(_ values: AnalysisValueColumns, warnings: inout [String]) throws -> CFBColumns {
        let rows = try ColumnarRows(values, derivation: self)
        for s in rows.subjectsInOrder where day1[rows.subjects[s]] == nil {
            warnings.append(Derive.noFirstDoseWarning(subject: rows.subjects[s]))
        }
        if randomized {
            for s in rows.subjectsInOrder where armOf[rows.subjects[s]] == nil {
                warnings.append(Derive.notRandomizedWarning(subject: rows.subjects[s]))
            }
        }
        try rows.checkUnits()
        var prepared = rows
        prepared.imputeBelowLLOQ(rule: study.lloq.rule, limits: study.lloq.limits)
        try prepared.deriveStudyDays()
        prepared.deriveAnalysisVisits()

        var first = BaselinePass(rows: prepared.order, prepared)
        try first.fromBaseline(
            prepared, anchor: prepared.day1Date, rule: study.baseline.kind,
            basetype: study.baseline.basetype, baselineVisit: study.baseline.visit,
            warnings: &warnings)
        var second: BaselinePass?
        if let s = study.secondBaseline {
            var pass = BaselinePass(
                rows: prepared.order.filter { prepared.secondDate[Int(prepared.subject[Int($0)])] >= 0 },
                prepared)
            try pass.fromBaseline(
                prepared, anchor: prepared.secondDate, rule: s.kind, basetype: s.basetype,
                baselineVisit: s.visit, warnings: &warnings)
            let periodVisits = prepared.visitNameID.indices.map { s.visits.contains(study.visits[$0].name) }
            pass = pass.filtered { p in
                pass.flag[p] || (pass.visit[p] >= 0 && periodVisits[Int(pass.visit[p])] && pass.isPostBaseline(p, prepared))
            }
            pass.analysisFlags(prepared)
            second = pass
        }
        return prepared.columns(
            first, second, basetypes: [study.baseline.basetype, study.secondBaseline?.basetype ?? ""],
            arm: { arm(of: $0) })
    }
}

/// The input values as integer columns, in one sort order, with the per-value derivations
/// (LLOQ rule, study day, window) that do not depend on the baseline.
struct ColumnarRows {
    let values: AnalysisValueColumns
    let study: StudyDefinition
    /// Distinct subjects, PARAMCDs and dates (with the subjects' anchor dates), by code.
    var subjects: [String] = [], codes: [String] = [], dates: [String] = []
    /// By input row: codes of subject and PARAMCD, and the date's rank in string order.
    var subject: [Int32], code: [Int32], dateRank: [Int32]
    var subjectRank: [Int32] = [], codeRank: [Int32] = []
    /// Subject codes in string order.
    var subjectsInOrder: [Int] = []
    /// By subject code: the date rank of Day 1 and of the second baseline's anchor; -1 without.
    var day1Date: [Int32] = [], secondDate: [Int32] = []
    /// The input rows sorted by subject, PARAMCD, date, source and input order.
    var order: [Int32] = []
    /// By subject code: the date of Day 1 as given.
    var day1Text: [String?] = []
    /// By input row, filled in turn by the steps below.
    var value: [Double], lloq: [Double], note: [String]
    var studyDay: [Int32], visit: [Int16]
    var hasValue: [Bool] = [], categorical: [Bool] = []
    /// By input row: the code of its date (in `dates`); by date code: whether it is given.
    var dateCode: [Int32] = [], hasDate: [Bool] = []
    /// By visit window: the first window of the same name (a visit is named once).
    let visitNameID: [Int]

    init(_ values: AnalysisValueColumns, derivation d: ChangeFromBaseline.Derivation) throws {
        self.values = values
        study = d.study
        let n = values.count
        // Subjects, PARAMCDs and dates are the values' own codes where no two of their texts
        // are equal as Strings (the rules, like the record-based ones, group by `==`); texts
        // Unicode calls equal but spelled apart are grouped into one class, as interning them
        // did. Only the subjects' anchor dates are added to the dates.
        typealias Field = AnalysisValueColumns.Field
        let subjectClasses = Self.classes(values.texts[Field.subject.rawValue])
        let codeClasses = Self.classes(values.texts[Field.code.rawValue])
        let dateClasses = Self.classes(values.texts[Field.date.rawValue])
        let subject = subjectClasses.apply(to: values.codes[Field.subject.rawValue])
        let code = codeClasses.apply(to: values.codes[Field.code.rawValue])
        let dateCode = dateClasses.apply(to: values.codes[Field.date.rawValue])
        let subjects = subjectClasses.table, codes = codeClasses.table
        var dates = dateClasses.table, dateIDs = dateClasses.ids
        func intern(_ s: String, _ ids: inout [String: Int32], _ table: inout [String]) -> Int32 {
            if let k = ids[s] { return k }
            let k = Int32(table.count)
            ids[s] = k
            table.append(s)
            return k
        }
        self.dateCode = dateCode
        hasDate = dates.map { !$0.isEmpty }
        var day1Code = [Int32](repeating: -1, count: subjects.count), secondCode = day1Code
        for (s, name) in subjects.enumerated() {
            if let a = d.day1[name] { day1Code[s] = intern(a, &dateIDs, &dates) }
            if let a = d.secondAnchor[name] { secondCode[s] = intern(a, &dateIDs, &dates) }
        }
        self.subject = subject
        self.code = code
        self.subjects = subjects
        self.codes = codes
        self.dates = dates
        day1Text = subjects.map { d.day1[$0] }
        let sRank = Self.ranks(subjects), cRank = Self.ranks(codes), dRank = Self.ranks(dates)
        subjectRank = subject.map { sRank[Int($0)] }
        codeRank = code.map { cRank[Int($0)] }
        dateRank = dateCode.map { dRank[Int($0)] }
        day1Date = day1Code.map { $0 < 0 ? -1 : dRank[Int($0)] }
        secondDate = secondCode.map { $0 < 0 ? -1 : dRank[Int($0)] }
        subjectsInOrder = subjects.indices.sorted { sRank[$0] < sRank[$1] }
        value = [Double](repeating: .nan, count: n)
        lloq = value
        note = [String](repeating: "", count: n)
        studyDay = [Int32](repeating: CFBColumns.noDay, count: n)
        visit = [Int16](repeating: -1, count: n)
        let windows = d.study.visits
        visitNameID = windows.indices.map { w in windows.firstIndex { $0.name == windows[w].name }! }
        order = sortedOrder()
    }

    /// Texts (distinct byte for byte) grouped by Swift's `==`: each class numbered in order of
    /// first appearance, with its first text.
    struct Classes {
        var classOf: [Int32], table: [String], ids: [String: Int32]

        /// Each row's class from its text's code (the code itself when every text is its own
        /// class, as it is unless two spellings of one text met).
        func apply(to codes: [Int32]) -> [Int32] { table.count == classOf.count ? codes : codes.map { classOf[Int($0)] } }
    }

    static func classes(_ texts: [String]) -> Classes {
        var ids = [String: Int32](minimumCapacity: texts.count)
        var table: [String] = []
        let classOf = texts.map { t -> Int32 in
            if let c = ids[t] { return c }
            let c = Int32(table.count)
            ids[t] = c
            table.append(t)
            return c
        }
        return Classes(classOf: classOf, table: table, ids: ids)
    }

    /// Rank of each string of `table` in Swift's string order (the order the records sort in).
    static func ranks(_ table: [String]) -> [Int32] {
        var r = [Int32](repeating: 0, count: table.count)
        for (k, i) in table.indices.sorted(by: { table[$0] < table[$1] }).enumerated() { r[i] = Int32(k) }
        return r
    }

    /// Input rows by (subject, PARAMCD, date) packed into one integer, then, among rows equal
    /// on those, by source text and input order.
    func sortedOrder() -> [Int32] {
        let n = values.count
        func bits(_ count: Int) -> Int { max(1, Int.bitWidth - max(0, count - 1).leadingZeroBitCount) }
        let sb = bits(subjects.count), cb = bits(codes.count), db = bits(dates.count)
        var keys = [UInt64](repeating: 0, count: n)
        if sb + cb + db <= 64 {
            for i in 0..<n {
                keys[i] = UInt64(subjectRank[i]) << UInt64(cb + db) | UInt64(codeRank[i]) << UInt64(db) | UInt64(dateRank[i])
            }
        } else {
            // More distinct values than 64 bits hold: rank the (subject, PARAMCD, date) triples.
            let triples = (0..<n).sorted {
                (subjectRank[$0], codeRank[$0], dateRank[$0]) < (subjectRank[$1], codeRank[$1], dateRank[$1])
            }
            var k: UInt64 = 0
            for (p, i) in triples.enumerated() {
                if p > 0 {
                    let j = triples[p - 1]
                    if (subjectRank[i], codeRank[i], dateRank[i]) != (subjectRank[j], codeRank[j], dateRank[j]) { k += 1 }
                }
                keys[i] = k
            }
        }
        // Stable: equal keys stay in input order.
        var out = RadixSort.order(keys: keys)
        // Equal keys (one subject's parameter twice on one date): by source, then input order.
        var start = 0
        while start < n {
            var end = start + 1
            while end < n, keys[Int(out[end])] == keys[Int(out[start])] { end += 1 }
            if end - start > 1 {
                out[start..<end].sort { a, b in
                    let sa = values.source(Int(a)), sb = values.source(Int(b))
                    return sa != sb ? sa < sb : a < b
                }
            }
            start = end
        }
        return out
    }

    /// Runs of one subject × PARAMCD in `rows` (which are in `order`'s order).
    func runs(_ rows: [Int32]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        while start < rows.count {
            let s = subject[Int(rows[start])], c = code[Int(rows[start])]
            var end = start + 1
            while end < rows.count, subject[Int(rows[end])] == s, code[Int(rows[end])] == c { end += 1 }
            out.append(start..<end)
            start = end
        }
        return out
    }

    /// `Derive.checkUnits`: the first value (input order) whose unit differs from the first unit
    /// of its subject × PARAMCD is an error.
    func checkUnits() throws {
        // Units compared by class (as Strings compare: two spellings of one unit are one unit).
        let classes = Self.classes(values.texts[AnalysisValueColumns.Field.unit.rawValue])
        let unit = classes.apply(to: values.codes[AnalysisValueColumns.Field.unit.rawValue])
        let given = classes.table.map { !$0.isEmpty }
        var failing: (row: Int, seen: Int)?
        for run in runs(order) {
            var seen = -1
            for p in run {
                let i = Int(order[p])
                if given[Int(unit[i])], seen < 0 || i < seen { seen = i }
            }
            guard seen >= 0 else { continue }
            for p in run {
                let i = Int(order[p])
                if given[Int(unit[i])], unit[i] != unit[seen], i < failing?.row ?? Int.max {
                    failing = (i, seen)
                }
            }
        }
        guard let (i, seen) = failing else { return }
        let r = values[i], s = values[seen]
        throw Derive.mixedUnits(
            subject: r.subject, parameterCode: r.parameterCode, first: (s.unit, s.source),
            other: (r.unit, r.source))
    }

    mutating func appendNote(_ i: Int, _ text: String) {
        note[i] = Derive.note(note[i], adding: text)
    }

    /// `Derive.lloqImputation`, with the study's limit looked up once per PARAMCD.
    mutating func imputeBelowLLOQ(rule: LLOQRule, limits: [String: Double]) {
        var limitOf: [Int32: Double] = [:]
        let values = self.values
        let valueText = values.codes[AnalysisValueColumns.Field.valueText.rawValue]
        let textGiven = values.texts[AnalysisValueColumns.Field.valueText.rawValue].map { !$0.isEmpty }
        lloq = values.lloq
        for i in 0..<values.count {
            switch values.qualifier(i) {
            case .belowLLOQ:
                var limit = values.lloq[i]
                if limit.isNaN {
                    if let l = limitOf[code[i]] {
                        limit = l
                    } else {
                        limit = Derive.lloqLimit(given: .nan, parameterCode: codes[Int(code[i])], limits: limits)
                        limitOf[code[i]] = limit
                    }
                }
                lloq[i] = limit
                let imputed = Derive.belowLLOQ(limit: limit, valueText: values.text(.valueText, i), rule: rule)
                value[i] = imputed.value
                appendNote(i, imputed.note)
            case .notAvailable, .outlier:
                value[i] = .nan
            case .inRange, .aboveULOQ, .extrapolated:
                value[i] = values.value[i]
            }
        }
        categorical = (0..<values.count).map {
            value[$0].isNaN && values.qualifier($0) == .inRange && textGiven[Int(valueText[$0])]
        }
        hasValue = (0..<values.count).map { !value[$0].isNaN || categorical[$0] }
    }

    /// `Derive.studyDays`, each date parsed once; the first bad date in input order is the error.
    mutating func deriveStudyDays() throws {
        // By date rank (dates are few): each parsed once, from the first text met with that
        // rank, to its day number; a row is then look-ups and a subtraction, with no String
        // (copying the row's date text and its subject's day 1 text per row, and subtracting
        // dates, were most of this step).
        let unparsed = Int.min, invalid = Int.min + 1
        var dayNumber = [Int](repeating: unparsed, count: dates.count)
        @inline(__always) func day(rank: Int32, _ text: () -> String) -> Int {
            if dayNumber[Int(rank)] == unparsed { dayNumber[Int(rank)] = CivilDate(iso: text())?.daysSinceEpoch ?? invalid }
            return dayNumber[Int(rank)]
        }
        let hasDay1 = day1Text.map { $0 != nil }
        for i in 0..<values.count {
            let s = Int(subject[i])
            guard hasDay1[s] else {
                appendNote(i, Derive.noFirstDoseNote(subject: subjects[s]))
                continue
            }
            guard hasDate[Int(dateCode[i])] else {
                appendNote(i, Derive.noCollectionDateNote)
                continue
            }
            let a = day(rank: day1Date[s]) { day1Text[s]! }
            guard a != invalid else { throw badDate(i, day1Text[s]!) }
            let b = day(rank: dateRank[i]) { values.text(.date, i) }
            guard b != invalid else { throw badDate(i, values.text(.date, i)) }
            studyDay[i] = Int32(Derive.studyDay(daysFromDay1: CivilDate(daysSinceEpoch: b) - CivilDate(daysSinceEpoch: a)))
        }
    }

    private func badDate(_ i: Int, _ text: String) -> AnalysisError {
        let r = values[i]
        return Derive.located(Derive.invalidDate(text), subject: r.subject, parameterCode: r.parameterCode, source: r.source)
    }

    /// `Derive.analysisVisits`: the first window holding the study day.
    mutating func deriveAnalysisVisits() {
        let windows = study.visits
        for i in 0..<values.count where studyDay[i] != CFBColumns.noDay {
            let day = Int(studyDay[i])
            if let w = windows.firstIndex(where: { $0.contains(day: day) }) { visit[i] = Int16(w) }
        }
    }

    /// AVAL equal as `Derive.ValueKey` compares them (missing = −∞; the text of categories).
    func sameValue(_ i: Int, _ j: Int) -> Bool {
        let a = value[i].isNaN ? -Double.infinity : value[i], b = value[j].isNaN ? -Double.infinity : value[j]
        return a == b && (categorical[i] ? values.text(.valueText, i) : "") == (categorical[j] ? values.text(.valueText, j) : "")
    }

    /// The output columns: the first baseline's rows, then the second's, merged into cfb.csv order
    /// (subject, PARAMCD, BASETYPE, date, source; the first baseline's row first on a tie).
    func columns(
        _ first: BaselinePass, _ second: BaselinePass?, basetypes: [String],
        arm: (String) -> String
    ) -> CFBColumns {
        let armOfSubject = subjects.map(arm)
        var out = CFBColumns(
            values: values, studyID: study.studyID, visits: study.visits, basetypes: basetypes,
            arm: subject.map { armOfSubject[Int($0)] }, categorical: categorical,
            subjects: subjects, subjectCode: subject, codes: codes, parameterCode: code)
        guard let second else {
            // One baseline: the pass is already in cfb.csv order.
            out.take(first, merging: nil, self)
            return out
        }
        let secondFirst = basetypes[1] < basetypes[0], sameBasetype = basetypes[0] == basetypes[1]
        /// Whether row `i` of the first pass comes before row `j` of the second.
        func firstBefore(_ i: Int, _ j: Int) -> Bool {
            if subjectRank[i] != subjectRank[j] { return subjectRank[i] < subjectRank[j] }
            if codeRank[i] != codeRank[j] { return codeRank[i] < codeRank[j] }
            if !sameBasetype { return !secondFirst }
            if dateRank[i] != dateRank[j] { return dateRank[i] < dateRank[j] }
            let si = values.source(i), sj = values.source(j)
            if si != sj { return si < sj }
            return true
        }
        // The merged order first (position p of the first pass as p, q of the second as ~q),
        // then each column gathered in one loop: appending row by row to fifteen arrays was a
        // third of the derivation.
        var from: [Int32] = []
        from.reserveCapacity(first.rows.count + second.rows.count)
        var p = 0, q = 0
        while p < first.rows.count || q < second.rows.count {
            if q == second.rows.count || (p < first.rows.count && firstBefore(Int(first.rows[p]), Int(second.rows[q]))) {
                from.append(Int32(p))
                p += 1
            } else {
                from.append(~Int32(q))
                q += 1
            }
        }
        out.take(first, merging: (second, from), self)
        return out
    }
}
