import Analysis
import Domain
import Foundation

/// Runs the whole analysis in bounded memory, whatever the number of measurements:
///
/// 1. **Partition by subject.** One pass over the measurements keeps the subject-level values
///    (`SubjectLevelValues`) and spills them, with the clinical values, into contiguous ranges
///    of subjects (`SubjectRanges`, about `rowsPerPartition` values each).
/// 2. **Derive, a subject range at a time.** Change from baseline works within a subject, so each
///    range is derived alone, in subject order, and handed to `output` (cfb.csv and the store
///    stream it out). Clinical records are kept (they are few) and the analysed immune records
///    (ANL01FL) are spilled again, by parameter.
/// 3. **Responses** from the clinical records.
/// 4. **Per parameter:** summaries, associations and the figure section, from that parameter's
///    analysed records alone.
/// 5. **Across parameters:** response rates by arm and Benjamini-Hochberg q-values.
///
/// Memory is one subject range plus one parameter's analysed records plus the (small) result
/// tables. The result is the same as deriving everything at once: each step only ever looks
/// within one subject, or within one parameter.
public struct ReportEngine {
    public var study: StudyDefinition
    public var firstDoses: [FirstDose]
    public var randomization: [ArmAssignment]?
    public var options: ReportOptions
    /// Values per subject range in step 1: about 100 MB of derivation at a time.
    public static let defaultRowsPerPartition = 100_000
    public var rowsPerPartition = ReportEngine.defaultRowsPerPartition
    /// Scratch space for the spill files (removed afterwards).
    public var scratchDirectory: String

    public init(study: StudyDefinition, firstDoses: [FirstDose], randomization: [ArmAssignment]?,
                options: ReportOptions = ReportOptions(), scratchDirectory: String) {
        self.study = study
        self.firstDoses = firstDoses
        self.randomization = randomization
        self.options = options
        self.scratchDirectory = scratchDirectory
    }

    public struct Result {
        /// Everything but the records (`dataset.records` holds them only with `keepRecords`).
        public var data: ReportData
        /// PARAMCD → the rendered section of each parameter shown (empty with `keepRecords`,
        /// where the page draws from `data`).
        public var sections: [String: String]
    }

    /// `output` receives the change-from-baseline records in cfb.csv order, a subject range at
    /// a time. With `keepRecords` the records are also kept in the result (small inputs, tests).
    /// `glucocorticoids` and `adverseEvents`: the concomitant-medication log and the safety
    /// listing, nil when not given (then not analysed, rather than taken as "none").
    public func run(immune source: MeasurementSource, clinical: [ClinicalAssessment],
                    glucocorticoids: [GlucocorticoidDose]? = nil, adverseEvents: [AdverseEvent]? = nil,
                    keepRecords: Bool = false, output: ([CFBRecord]) throws -> Void) throws -> Result {
        let derivation = try ChangeFromBaseline.Derivation(study: study, firstDoses: firstDoses, arms: randomization)
        let scratch = "\(scratchDirectory)/report-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        // 1. Partition by subject.
        var lastContact: [String: String] = [:]
        for a in clinical where !a.date.isEmpty { lastContact[a.subject] = max(lastContact[a.subject] ?? "", a.date) }
        let clinicalValues = clinical.map(AnalysisValue.init(assessment:))
            + GlucocorticoidExposure.values(glucocorticoids, study: study, firstDoses: firstDoses, lastContact: lastContact)
        let subjects = Set(source.subjects).union(clinicalValues.map(\.subject)).sorted()
        let ranges = SubjectRanges(sortedSubjects: subjects,
                                   parts: (source.rows + clinicalValues.count) / max(1, rowsPerPartition) + 1)
        let bySubject = try SpillPartitions<Int, AnalysisValue>(directory: "\(scratch)/by-subject")
        var labels: [String: String] = [:]
        var warnings: [String] = []
        var withoutSubject = 0, wellLevel = 0
        try source.forEachChunk { chunk in
            let selection = SubjectLevelValues.select(chunk)
            withoutSubject += selection.withoutSubject
            wellLevel += selection.wellLevel
            for m in selection.values {
                let v = AnalysisValue(measurement: m)
                if labels[v.parameterCode] == nil { labels[v.parameterCode] = ParameterLabel.display(m) }
                try bySubject.append(v, to: ranges.index(of: v.subject))
            }
        }
        for v in clinicalValues { try bySubject.append(v, to: ranges.index(of: v.subject)) }
        if withoutSubject > 0 {
            warnings.append("\(withoutSubject) measurement(s) without a subject (controls or unlinked samples) not analysed")
        }
        if wellLevel > 0 {
            warnings.append("\(wellLevel) well-level plate value(s) not analysed: each sample's replicate mean is")
        }

        // 2. Derive a subject range at a time.
        let byParameter = try SpillPartitions<String, CFBRecord>(directory: "\(scratch)/by-parameter")
        var kept: [CFBRecord] = []
        var clinicalRecords: [CFBRecord] = []
        var armOf: [String: String] = [:]
        var immuneSubjects = Set<String>(), clinicalSubjects = Set<String>()
        var infos: [String: ParameterInfo] = [:]
        var allLabels: [String: String] = [:]
        var derivationWarnings: [String] = []
        var cfbRows = 0
        for k in 0..<ranges.count {
            let records = try derivation.derive(try bySubject.take(k), warnings: &derivationWarnings)
            try output(records)
            cfbRows += records.count
            for r in records {
                if !derivation.blinded, !r.arm.isEmpty { armOf[r.subject] = r.arm }
                if allLabels[r.parameterCode] == nil { allLabels[r.parameterCode] = labels[r.parameterCode] ?? r.parameter }
                if r.parameterCategory == "clinical" {
                    clinicalRecords.append(r)
                    clinicalSubjects.insert(r.subject)
                    continue
                }
                immuneSubjects.insert(r.subject)
                if infos[r.parameterCode] == nil { infos[r.parameterCode] = ParameterInfo(r, labels: labels) }
                if r.analysisFlag, !r.analysisVisit.isEmpty, !keepRecords {
                    // Summaries, tests and figures use neither provenance nor notes (cfb.csv has
                    // them): the per-parameter records travel without those strings.
                    var slim = r
                    slim.note = ""
                    slim.source = ""
                    try byParameter.append(slim, to: r.parameterCode)
                }
            }
            if keepRecords { kept += records }
        }

        // 3. Responses.
        let responses = ClinicalResponse.evaluate(clinicalRecords, study: study)
        let groups = ResponseGroups(responses: responses, study: study)
        let arms = derivation.blinded ? [] : Set(armOf.values).sorted()
        let parameters = ParameterInfo.immune(Array(infos.values), study: study)
        var data = ReportData(study: study, dataset: CFBDataset(records: [], warnings: [], blinded: derivation.blinded),
                              responses: responses, associations: [], summaries: [], parameters: parameters,
                              groups: groups, arms: arms, armOf: armOf, warnings: warnings + derivationWarnings,
                              labels: allLabels, immuneSubjects: immuneSubjects.count,
                              clinicalSubjects: clinicalSubjects.count, cfbRows: cfbRows,
                              immuneParameterCount: infos.count,
                              safety: adverseEvents.map { AdverseEventSummary($0, firstDoses: firstDoses, study: study,
                                                                              arm: derivation.arm(of:)) })
        data.glucocorticoidSummaries = SummaryRow.compute(
            records: clinicalRecords, study: study, groups: groups, arms: arms,
            include: { $0.parameterCode == GlucocorticoidExposure.parameterCode })

        // 4. Per parameter.
        let index = Associations.ResponseIndex(responses)
        let shown = Dictionary(parameters.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var associations: [AssociationRecord] = []
        var summaries: [SummaryRow] = []
        var sections: [String: String] = [:]
        func analyse(_ records: [CFBRecord], code: String?) {
            associations += Associations.parameterRows(records, responses: index, study: study, armOf: armOf,
                                                       blinded: derivation.blinded)
            summaries += SummaryRow.compute(records: records, study: study, groups: groups, arms: arms)
            if let code, let p = shown[code] {
                var slice = data
                slice.dataset.records = records
                sections[code] = FigureSections.parameter(slice, p, options: options)
            }
        }
        if keepRecords {
            analyse(kept, code: nil)
        } else {
            for code in byParameter.keys { analyse(try byParameter.take(code), code: code) }
        }

        // 5. Across parameters.
        if arms.count > 1 {
            associations += Associations.responseRates(responses: responses, study: study, armOf: armOf, arms: arms)
        }
        data.associations = Associations.withQValues(associations)
        data.summaries = summaries + data.glucocorticoidSummaries
        data.dataset.records = kept
        return Result(data: data, sections: sections)
    }
}
