import Domain
/// Links immune change to clinical response, per analyte × analysis visit × BASETYPE:
///
/// - summaries of the immune variable by arm × response group;
/// - Wilcoxon signed-rank of the change within each group;
/// - Mann-Whitney U of responders vs non-responders, and between arms;
/// - Spearman correlation of the immune change with the clinical score's change
///   (`ResponseRecord.clinicalChange`);
/// - Fisher's exact test of the response rate by arm (once per criterion and response visit);
/// - Benjamini-Hochberg q-values across analytes within each family of tests.
///
/// The immune variable is CHG after baseline and AVAL at the baseline visit (baseline level as a
/// predictor of response). Response status is taken at the same visit when the criterion is
/// assessed there, otherwise at its primary visit (or its first), so that an early immune change
/// is related to the response that matters.
///
/// Blinding: arms are used only when the dataset is unblinded (a randomization file was given,
/// or the study has one arm). A blinded dataset is analysed pooled, every row says `blinded`,
/// and no between-arm test is run.
public enum Associations {
    public static func run(dataset: CFBDataset, responses: [ResponseRecord], study: StudyDefinition) -> [AssociationRecord] {
        var armOf: [String: String] = [:]
        if !dataset.blinded { for r in dataset.records where !r.arm.isEmpty { armOf[r.subject] = r.arm } }
        let arms = Set(armOf.values).sorted()
        var out = parameterRows(
            AnalysedRows(dataset.records), responses: ResponseIndex(responses), study: study, armOf: armOf,
            blinded: dataset.blinded)
        if arms.count > 1 { out += responseRates(responses: responses, study: study, armOf: armOf, arms: arms) }
        return withQValues(out)
    }

    /// Responses by (criterion, BASETYPE, visit), then by subject, built once for every
    /// parameter: subjects are numbered once for the whole report, and each assessment's
    /// results are an array by that number, so a parameter hashes each of its subjects once
    /// (to find its number), not once per assessment.
    public struct ResponseIndex: Sendable {
        let subjects: ResponseSubjects
        let byAssessment: [ResponseAssessment: [ResponseStatus?]]
        /// `subjects`: the report's numbering of `responses`' subjects (numbered here if not given).
        public init(_ responses: [ResponseRecord], subjects: ResponseSubjects? = nil) {
            self.subjects = subjects ?? ResponseSubjects(responses)
            byAssessment = self.subjects.tables(responses, missing: nil) { ResponseStatus($0) }
        }
    }

    /// The rows of the immune parameters in `rows` (any subset of whole parameters: the
    /// streaming report passes one parameter at a time), without q-values. `armOf` holds every
    /// randomized subject's arm (empty while blinded).
    public static func parameterRows(
        _ rows: AnalysedRows, responses: ResponseIndex, study: StudyDefinition,
        armOf: [String: String], blinded: Bool
    ) -> [AssociationRecord] {
        var out: [AssociationRecord] = []
        let wantedAnalytes = Set(study.analytes)
        let wantedVisits = Set(study.visitsOfInterest)
        let arms = blinded ? [] : Set(armOf.values).sorted()
        let responseIndex = responses.byAssessment

        // Which rows are wanted, decided once per code of each field it depends on.
        let immune = rows.perCode(.category) { $0 != Assay.clinical.rawValue }
        let analyteWanted = rows.perCode(.parameterCode) { wantedAnalytes.isEmpty || wantedAnalytes.contains(analyte(of: $0)) }
        let visitWanted = rows.perCode(.visit) { wantedVisits.isEmpty || wantedVisits.contains($0) }
        let categories = rows.column(.category), codes = rows.column(.parameterCode), visits = rows.column(.visit)
        let cells = AnalysisCells(rows) {
            immune[Int(categories[$0])] && analyteWanted[Int(codes[$0])] && visitWanted[Int(visits[$0])]
        }

        // Subjects are numbered by their code; each subject's arm, report number and rank by
        // name are looked up once, and each assessment's responses are then arrays by that
        // number, so a cell looks nothing up by name.
        let subjectOf = rows.column(.subject)
        let armByNumber = rows.perCode(.subject) { armOf[$0] }
        let reportNumber = rows.perCode(.subject) { responses.subjects[$0] }
        let rank = rows.ranks(.subject)
        var responsesByNumber: [ResponseAssessment: [ResponseStatus?]] = [:]
        func statuses(_ assessment: ResponseAssessment) -> [ResponseStatus?] {
            if let known = responsesByNumber[assessment] { return known }
            let results = responseIndex[assessment]
            let table = reportNumber.map { n in n >= 0 ? results?[Int(n)] : nil }
            responsesByNumber[assessment] = table
            return table
        }

        for key in cells.keys.sorted(by: { ($0.code, $0.basetype, $0.visit) < ($1.code, $1.basetype, $1.visit) }) {
            let members = cells[key]
            let first = members[0]
            let isBaselineVisit = members.allSatisfy { rows.change($0) == nil } && members.contains { rows.isBaseline($0) }
            // One value per subject (ANL01FL guarantees it), subjects in name order. The
            // report's rows come in subject order, one per subject: read off in order (no sort)
            // when the subjects' ranks ascend, else sorted by rank.
            func value(_ i: Int) -> Double { isBaselineVisit ? rows.values[i] : (rows.change(i) ?? .nan) }
            var subjects: [Int32] = [], values: [Double] = []
            var inOrder = true
            var lastRank: Int32 = -1
            for i in members where !value(i).isNaN {
                let s = subjectOf[i]
                if rank[Int(s)] <= lastRank { inOrder = false }
                lastRank = rank[Int(s)]
                subjects.append(s)
                values.append(value(i))
            }
            if !inOrder {
                // By rank; a subject met twice keeps its last value, as keying by name did.
                var valueOf: [Int32: (number: Int32, value: Double)] = [:]
                for i in members where !value(i).isNaN { valueOf[rank[Int(subjectOf[i])]] = (subjectOf[i], value(i)) }
                let ordered = valueOf.keys.sorted()
                subjects = ordered.map { valueOf[$0]!.number }
                values = ordered.map { valueOf[$0]!.value }
            }
            let variable = isBaselineVisit ? "AVAL" : "CHG"
            let armOfSubject = subjects.map { armByNumber[Int($0)] }
            let base = AssociationRecord(
                studyID: study.studyID, parameterCode: key.code, parameter: rows.text(.parameter, first),
                basetype: key.basetype, visit: key.visit, visitNumber: rows.visitNumber(first),
                variable: variable, analysis: .summary, group: "all", n: 0, blinded: blinded,
                note: blinded ? "pooled: arms blinded" : "")
            let inArm = arms.map { a in subjects.indices.filter { armOfSubject[$0] == a } }
            let armGroups: [(String, [Int])] =
                (arms.count > 1 ? zip(arms, inArm).map { a, members in ("arm=\(a)", members) } : [])
                + [("all", Array(subjects.indices))]
            func valuesOf(_ members: [Int]) -> [Double] { members.map { values[$0] } }

            // Each group's values summarised (sorted) once: its summary row, the Wilcoxon row's
            // median and the Mann-Whitney rows' difference of medians all read that one summary.
            func group(_ members: [Int]) -> (values: [Double], summary: Summary) {
                let v = valuesOf(members)
                return (v, Summary(v))
            }
            // Summaries and within-group change, by arm.
            // (`armGroups` lists the arms first, when there are several, then everyone.)
            let ofArm = arms.count > 1 ? inArm.map(group) : []
            for (k, (label, members)) in armGroups.enumerated() {
                let g = k < ofArm.count ? ofArm[k] : group(members)
                out.append(summaryRow(base, label, g.summary))
                if !isBaselineVisit { out.append(wilcoxonRow(base, label, g.values, median: g.summary.median)) }
            }
            // Between arms.
            if arms.count > 1 {
                for i in 0..<arms.count {
                    for j in (i + 1)..<arms.count {
                        out.append(mannWhitneyRow(base, .betweenArms, "all", "\(arms[i]) vs \(arms[j])", ofArm[i], ofArm[j]))
                    }
                }
            }
            // Response-related rows.
            for criterion in study.responseCriteria {
                let responseVisit = ResponseGroups.responseVisit(criterion, for: key.visit)
                let table = statuses(ResponseAssessment(criterion: criterion.id, basetype: key.basetype, visit: responseVisit))
                let response = subjects.map { table[Int($0)] }
                var r = base
                r.criterion = criterion.id
                r.responseVisit = responseVisit
                for (label, members) in armGroups {
                    let yes = group(members.filter { response[$0]?.responder == .yes })
                    let no = group(members.filter { response[$0]?.responder == .no })
                    let groupLabel = { (resp: String) in label == "all" ? "response=\(resp)" : "\(label) response=\(resp)" }
                    out.append(summaryRow(r, groupLabel("Y"), yes.summary))
                    out.append(summaryRow(r, groupLabel("N"), no.summary))
                    if !isBaselineVisit {
                        out.append(wilcoxonRow(r, groupLabel("Y"), yes.values, median: yes.summary.median))
                        out.append(wilcoxonRow(r, groupLabel("N"), no.values, median: no.summary.median))
                    }
                    out.append(mannWhitneyRow(r, .respondersVersusNonResponders, label, "Y vs N", yes, no))
                    let pairs = members.compactMap { s -> (Double, Double)? in
                        guard let c = response[s]?.clinicalChange else { return nil }
                        return (values[s], c)
                    }
                    out.append(spearmanRow(r, label, "\(variable) vs \(criterion.id)", pairs))
                }
            }
        }
        return out
    }

    /// What a cell reads of a subject's response: its status and the clinical score's change.
    struct ResponseStatus {
        var responder: Responder
        var clinicalChange: Double?

        init(_ r: ResponseRecord) {
            responder = r.responder
            clinicalChange = r.clinicalChange
        }
    }

    /// The analyte of a PARAMCD (`TREG.FREQ_OF.CD4` → `TREG`).
    static func analyte(of code: String) -> String {
        String(code.split(separator: ".").first ?? Substring(code))
    }

    static func summaryRow(_ base: AssociationRecord, _ group: String, _ s: Summary) -> AssociationRecord {
        var r = base
        r.analysis = .summary
        r.group = group
        r.summary = s
        r.n = s.n
        return r
    }

    /// `median`: the values' median (`Summary(values).median`, computed once by the caller).
    static func wilcoxonRow(_ base: AssociationRecord, _ group: String, _ values: [Double], median: Double) -> AssociationRecord {
        var r = base
        r.analysis = .changeWithinGroup
        r.group = group
        r.n = values.count
        r.estimate = median
        runTest(on: &r) { r in
            let t = try WilcoxonSignedRank.test(values)
            r.statistic = t.statistic
            r.pValue = t.pValue
            r.method = t.method.rawValue
            if t.n < values.count { r.note = join(r.note, "\(values.count - t.n) zero change(s) dropped") }
        }
        return r
    }

    /// Each group's values with their summary (computed once by the caller).
    static func mannWhitneyRow(
        _ base: AssociationRecord, _ analysis: AssociationAnalysis, _ group: String,
        _ comparison: String, _ a: (values: [Double], summary: Summary), _ b: (values: [Double], summary: Summary)
    ) -> AssociationRecord {
        var r = base
        r.analysis = analysis
        r.group = group
        r.comparison = comparison
        r.n = a.values.count
        r.n2 = b.values.count
        r.estimate = a.summary.median - b.summary.median
        runTest(on: &r) { r in
            let t = try MannWhitneyU.test(a.values, b.values)
            r.statistic = t.statistic
            r.pValue = t.pValue
            r.method = t.method.rawValue
        }
        return r
    }

    static func spearmanRow(
        _ base: AssociationRecord, _ group: String, _ comparison: String,
        _ pairs: [(Double, Double)]
    ) -> AssociationRecord {
        var r = base
        r.analysis = .correlationWithClinicalChange
        r.group = group
        r.comparison = comparison
        r.n = pairs.count
        runTest(on: &r) { r in
            let (rho, t) = try SpearmanCorrelation.test(pairs.map(\.0), pairs.map(\.1))
            r.statistic = rho
            r.estimate = rho
            r.pValue = t.pValue
            r.method = "t approximation"
        }
        return r
    }

    /// Fisher's exact test of responders / non-responders, each pair of arms, per criterion and
    /// assessed visit (primary BASETYPE rows only: a later baseline compares periods, not arms).
    public static func responseRates(
        responses: [ResponseRecord], study: StudyDefinition, armOf: [String: String],
        arms: [String]
    ) -> [AssociationRecord] {
        var out: [AssociationRecord] = []
        for criterion in study.responseCriteria {
            for visit in criterion.visits {
                let rs = responses.filter { $0.criterion == criterion.id && $0.visit == visit && $0.basetype == study.baseline.basetype }
                func counts(_ arm: String) -> (yes: Int, no: Int, missing: Int) {
                    let mine = rs.filter { armOf[$0.subject] == arm }
                    return (
                        mine.filter { $0.responder == .yes }.count, mine.filter { $0.responder == .no }.count,
                        mine.filter { $0.responder == .missing }.count
                    )
                }
                for i in 0..<arms.count {
                    for j in (i + 1)..<arms.count {
                        let a = counts(arms[i]), b = counts(arms[j])
                        var r = AssociationRecord(
                            studyID: study.studyID, parameterCode: "", parameter: "", basetype: study.baseline.basetype,
                            visit: visit, visitNumber: study.visit(named: visit)?.number, variable: "response",
                            criterion: criterion.id, responseVisit: visit, analysis: .responseRateByArm,
                            group: "all", comparison: "\(arms[i]) vs \(arms[j])", n: a.yes + a.no,
                            n2: b.yes + b.no, blinded: false)
                        r.note = "responders \(a.yes)/\(a.yes + a.no) vs \(b.yes)/\(b.yes + b.no)"
                        if a.missing + b.missing > 0 { r.note += "; \(a.missing + b.missing) missing response(s) excluded" }
                        if let (oddsRatio, p) = try? FisherExact.test(a: a.yes, b: a.no, c: b.yes, d: b.no) {
                            r.statistic = oddsRatio
                            r.estimate = oddsRatio
                            r.pValue = p
                            r.method = "exact"
                        }
                        out.append(r)
                    }
                }
            }
        }
        return out
    }

    /// BH q-values within each family: same analysis, variable, BASETYPE, visit, criterion,
    /// response visit, group and comparison; the family spans the analytes.
    public static func withQValues(_ records: [AssociationRecord]) -> [AssociationRecord] {
        struct Family: Hashable {
            var analysis: AssociationAnalysis
            var variable, basetype, visit, criterion, responseVisit, group, comparison: String
        }
        var out = records
        let families = Dictionary(grouping: out.indices.filter { out[$0].analysis != .summary }) { i in
            Family(
                analysis: out[i].analysis, variable: out[i].variable, basetype: out[i].basetype, visit: out[i].visit,
                criterion: out[i].criterion, responseVisit: out[i].responseVisit, group: out[i].group,
                comparison: out[i].comparison)
        }
        for (_, members) in families {
            let q = BenjaminiHochberg.qValues(members.map { out[$0].pValue })
            for (k, i) in members.enumerated() { out[i].qValue = q[k] }
        }
        return out
    }

    static func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : "\(a); \(b)" }

    /// Runs a test on `r`. A test that cannot be computed (too few values, every value tied)
    /// leaves the row's statistic empty and says why in its note: the row is still reported.
    static func runTest(on r: inout AssociationRecord, _ test: (inout AssociationRecord) throws -> Void) {
        do {
            try test(&r)
        } catch let e as StatisticsError {
            r.note = join(r.note, e.message)
        } catch {
            r.note = join(r.note, "\(error)")
        }
    }
}
