import Domain

/// The change-from-baseline dataset of a study and what the derivation had to say about it.
public struct CFBDataset: Sendable {
    public var records: [CFBRecord]
    /// Things the statistician should know that did not stop the derivation (subjects without
    /// a first dose, subjects missing from the randomization file).
    public var warnings: [String]
    /// True when the study is blinded and no randomization was given: ARM is empty.
    public var blinded: Bool

    public init(records: [CFBRecord], warnings: [String], blinded: Bool) {
        self.records = records
        self.warnings = warnings
        self.blinded = blinded
    }
}

/// Runs the BDS derivations in order, as an admiral script would:
/// LLOQ rule → ADY → AVISIT → ABLFL → BASE → CHG → PCHG → R2BASE → log2 ratio → ANL01FL,
/// then the same from the second baseline for the visits of the later period.
///
/// Every derivation works within one subject (× parameter), so a dataset can be derived a group
/// of subjects at a time (`ChangeFromBaseline.Derivation`): the streaming report does that to
/// keep memory flat whatever the number of measurements.
public enum ChangeFromBaseline {
    public static func derive(
        values: [AnalysisValue], study: StudyDefinition, firstDoses: [FirstDose],
        arms: [ArmAssignment]? = nil
    ) throws -> CFBDataset {
        let derivation = try Derivation(study: study, firstDoses: firstDoses, arms: arms)
        var warnings: [String] = []
        let records = try derivation.derive(values, warnings: &warnings)
        return CFBDataset(records: records, warnings: warnings, blinded: derivation.blinded)
    }

    /// What the derivation needs once per study (Day 1 and later-period anchors, arms), applied
    /// to the values of any set of whole subjects.
    public struct Derivation: Sendable {
        public let study: StudyDefinition
        /// True when the study is blinded and no randomization was given: ARM stays empty.
        public let blinded: Bool
        let day1: [String: String]
        let secondAnchor: [String: String]
        let armOf: [String: String]
        let randomized: Bool

        public init(study: StudyDefinition, firstDoses: [FirstDose], arms: [ArmAssignment]? = nil) throws {
            self.study = study
            let firstPeriod = study.design.periods.first?.name ?? ""
            day1 = try anchorDates(firstDoses, periods: ["", firstPeriod], label: "first dose")
            if let second = study.secondBaseline {
                secondAnchor = try anchorDates(firstDoses, periods: [second.period], label: "first \(second.period) dose")
            } else {
                secondAnchor = [:]
            }
            var armOf: [String: String] = [:]
            for a in arms ?? [] { armOf[a.subject] = a.arm }
            self.armOf = armOf
            randomized = arms != nil
            blinded = arms == nil && study.arms.count != 1 && study.design.blinded
        }

        /// The arm of a subject: from the randomization file, the single arm of a one-arm
        /// study, or empty (blinded, or missing from the file).
        public func arm(of subject: String) -> String {
            if randomized { return armOf[subject] ?? "" }
            return study.arms.count == 1 ? study.arms[0].code : ""
        }

        /// The records of `values`, which must hold every value of each subject they mention,
        /// sorted by subject, PARAMCD, BASETYPE, date and source. Warnings about the subjects
        /// (no first dose, not randomized) are appended to `warnings`.
        public func derive(_ values: [AnalysisValue], warnings: inout [String]) throws -> [CFBRecord] {
            var records = values.map { CFBRecord($0, studyID: study.studyID, arm: arm(of: $0.subject)) }
            let subjects = Set(values.map(\.subject)).sorted()
            for s in subjects where day1[s] == nil {
                warnings.append(Derive.noFirstDoseWarning(subject: s))
            }
            if randomized {
                for s in subjects where armOf[s] == nil {
                    warnings.append(Derive.notRandomizedWarning(subject: s))
                }
            }

            try Derive.checkUnits(records)
            // `consume`: each step takes the array over and edits it in place (no copy of every record).
            records = Derive.lloqImputation(consume records, rule: study.lloq.rule, limits: study.lloq.limits)
            records = try Derive.studyDays(consume records, day1: day1)
            records = Derive.analysisVisits(consume records, visits: study.visits)
            for i in records.indices { records[i].basetype = study.baseline.basetype }

            var all = try fromBaseline(
                records, anchor: day1, rule: study.baseline.kind,
                basetype: study.baseline.basetype, baselineVisit: study.baseline.visit, study: study,
                warnings: &warnings)

            if let second = study.secondBaseline {
                let periodVisits = Set(second.visits)
                var rows = records.filter { secondAnchor[$0.subject] != nil }
                for i in rows.indices { rows[i].basetype = second.basetype }
                rows = try fromBaseline(
                    rows, anchor: secondAnchor, rule: second.kind, basetype: second.basetype,
                    baselineVisit: second.visit, study: study, warnings: &warnings)
                // Keep the second baseline itself and the later period's visits after it.
                rows = rows.filter { $0.baselineFlag || (periodVisits.contains($0.analysisVisit) && Derive.isPostBaseline($0)) }
                all += Derive.analysisFlags(rows, visits: study.visits)
            }

            // Sort an index, not the records: a CFBRecord is large, and moving millions of them
            // through a stable sort costs more than the derivation itself.
            // Field by field rather than as tuples, which copied five strings per comparison.
            let order = all.withUnsafeBufferPointer { r in
                r.indices.sorted { i, j in
                    if r[i].subject != r[j].subject { return r[i].subject < r[j].subject }
                    if r[i].parameterCode != r[j].parameterCode { return r[i].parameterCode < r[j].parameterCode }
                    if r[i].basetype != r[j].basetype { return r[i].basetype < r[j].basetype }
                    if r[i].date != r[j].date { return r[i].date < r[j].date }
                    return r[i].source < r[j].source
                }
            }
            return order.map { all[$0] }
        }
    }

    /// Baseline, change and analysis flags of rows that share one BASETYPE.
    static func fromBaseline(
        _ records: [CFBRecord], anchor: [String: String], rule: StudyDefinition.BaselineRule.Kind,
        basetype: String, baselineVisit: String, study: StudyDefinition,
        warnings: inout [String]
    ) throws -> [CFBRecord] {
        var rows = try Derive.baselineFlags(consume records, anchor: anchor, rule: rule, basetype: basetype)
        // The baseline record is shown at the baseline visit, warned when outside its window.
        if let visit = study.visit(named: baselineVisit) {
            for i in rows.indices where rows[i].baselineFlag {
                if let day = rows[i].studyDay, !visit.contains(day: day) {
                    let r = rows[i]
                    warnings.append(
                        Derive.baselineOutsideWindowWarning(
                            source: r.source, subject: r.subject,
                            parameterCode: r.parameterCode, basetype: basetype,
                            day: day, window: visit))
                }
                rows[i].analysisVisit = visit.name
                rows[i].analysisVisitNumber = visit.number
            }
        }
        rows = Derive.base(consume rows)
        rows = Derive.change(consume rows)
        rows = Derive.percentChange(consume rows)
        rows = Derive.ratioToBase(consume rows)
        rows = Derive.log2RatioToBase(consume rows)
        return Derive.analysisFlags(consume rows, visits: study.visits)
    }

    /// Subject → date of the first dose of one of `periods`; two for one subject is an error.
    static func anchorDates(_ doses: [FirstDose], periods: Set<String>, label: String) throws -> [String: String] {
        // One look-up of the subject per dose (a 10 M-row report has 62,500 of them, read
        // before anything else starts).
        var out: [String: String] = [:]
        out.reserveCapacity(doses.count)
        for d in doses where periods.contains(d.period) {
            if let other = out.updateValue(d.date, forKey: d.subject), other != d.date {
                throw AnalysisError(
                    code: "duplicate-first-dose",
                    "subject \(d.subject) has two \(label) dates: \(other) and \(d.date)")
            }
        }
        return out
    }
}
