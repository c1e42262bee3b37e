import Domain

/// Treatment-emergent adverse events (onset on or after the subject's first dose) of the safety
/// population (every subject with a first dose), as a trial's safety table counts them: subjects
/// with at least one event and number of events, overall, at grade ≥ 3, serious, and per term;
/// by arm when unblinded, else pooled. Events before Day 1, of subjects never dosed, or with an
/// unreadable onset are not treatment-emergent and are counted apart, never dropped silently.
public struct AdverseEventSummary: Sendable {
    public struct Row: Sendable, Hashable {
        /// `any`, `grade>=3`, `serious`, or `term`.
        public var category: String
        /// The preferred term for `term` rows; empty otherwise.
        public var term: String
        /// An arm code, or `ALL`.
        public var arm: String
        /// Subjects with at least one such event.
        public var subjects: Int
        public var events: Int
        /// Subjects in the arm's safety population (the denominator).
        public var population: Int
    }

    public var rows: [Row]
    /// Arms in column order (`ALL` last), and their safety populations.
    public var arms: [String]
    /// Events not counted, with why.
    public var excluded: [String]

    public static let allArms = "ALL"

    /// `arm(of:)` gives a dosed subject's arm (empty while blinded).
    public init(_ events: [AdverseEvent], firstDoses: [FirstDose], study: StudyDefinition, arm: (String) -> String) {
        let firstPeriod = study.design.periods.first?.name ?? ""
        var day1: [String: CivilDate] = [:]
        for d in firstDoses where d.period.isEmpty || d.period == firstPeriod {
            if let n = CivilDate(iso: d.date) { day1[d.subject] = min(day1[d.subject] ?? n, n) }
        }
        let armOf = Dictionary(uniqueKeysWithValues: day1.keys.map { ($0, arm($0)) })
        let armCodes = Set(armOf.values.filter { !$0.isEmpty }).sorted()
        arms = (armCodes.count > 1 ? armCodes : []) + [Self.allArms]
        var excluded: [String] = []
        var emergent: [AdverseEvent] = []
        var before = 0, undosed = 0
        for e in events {
            guard let start = day1[e.subject] else {
                undosed += 1
                continue
            }
            guard let onset = CivilDate(iso: e.onset) else {
                excluded.append("\(e.source.file):\(e.source.line): onset '\(e.onset)' is not a date: event not counted")
                continue
            }
            if onset < start { before += 1 } else { emergent.append(e) }
        }
        if before > 0 { excluded.append("\(before) event(s) with onset before the first dose: not treatment-emergent") }
        if undosed > 0 { excluded.append("\(undosed) event(s) of subjects without a first dose: outside the safety population") }
        self.excluded = excluded

        func members(_ a: String) -> (String) -> Bool { a == Self.allArms ? { _ in true } : { armOf[$0] == a } }
        func population(_ a: String) -> Int { armOf.keys.filter(members(a)).count }
        let categories: [(String, String, (AdverseEvent) -> Bool)] = [
            ("any", "", { _ in true }), ("grade>=3", "", { $0.grade >= 3 }), ("serious", "", { $0.serious }),
        ]
        let terms = Dictionary(grouping: emergent, by: \.term)
        let termOrder = terms.keys.sorted {
            (-Set(terms[$0]!.map(\.subject)).count, $0) < (-Set(terms[$1]!.map(\.subject)).count, $1)
        }
        var rows: [Row] = []
        let all = categories + termOrder.map { t in ("term", t, { (e: AdverseEvent) in e.term == t }) }
        for (category, term, matches) in all {
            for a in arms {
                let inArm = members(a)
                let hits = emergent.filter { matches($0) && inArm($0.subject) }
                rows.append(
                    Row(
                        category: category, term: term, arm: a, subjects: Set(hits.map(\.subject)).count,
                        events: hits.count, population: population(a)))
            }
        }
        self.rows = rows
    }
}
