import Dispatch
import Domain
import FileIO
import Foundation

/// Runs the whole analysis in bounded memory, whatever the number of measurements:
///
/// 1. **Partition by subject.** One pass over the measurements keeps the subject-level values
///    (`SubjectLevelValues`) and spills them, with the clinical values, into contiguous ranges
///    of subjects (`SubjectRanges`, about `rowsPerPartition` values each).
/// 2. **Derive, a subject range at a time.** Change from baseline works within a subject, so each
///    range is derived alone, in subject order, and handed to `output` (cfb.csv and the store
///    stream it out). Its clinical records go to step 3 (only the glucocorticoid dose's are
///    kept, for their summaries) and the analysed immune records (ANL01FL) are spilled again,
///    by parameter, with only the fields step 4 reads.
/// 3. **Responses** from the clinical records, evaluated a subject range at a time in the
///    background during step 2 (`BackgroundResponses`).
/// 4. **Per parameter:** summaries, associations and the figure section, from that parameter's
///    analysed records alone (two parameters at a time, one per core).
/// 5. **Across parameters:** response rates by arm and Benjamini-Hochberg q-values.
///
/// Memory is a subject range per core, or two parameters' analysed records, plus the (small) result
/// tables. The result is the same as deriving everything at once: each step only ever looks
/// within one subject, or within one parameter.
public struct AnalysisPipeline {
    public var study: StudyDefinition
    public var firstDoses: [FirstDose]
    public var randomization: [ArmAssignment]?
    /// Renders one parameter's figure section from the analysis of that parameter alone (the
    /// report's figures), on the worker thread that analysed it; nil renders nothing. The
    /// pipeline analyses; what the section looks like is the caller's business. It draws from
    /// the parameter's analysed rows.
    public var section: (@Sendable (ReportData, AnalysedRows, ParameterInfo) -> String)?
    /// Values per subject range in step 1: about 25 MB of derivation at a time per range in
    /// flight. 100,000 (the earlier default) doubled the CFB-only report's peak at 1 M rows
    /// (370 against 185–200 MiB) and made nothing faster at 1 M or 10 M; much smaller ranges
    /// saved no more memory (docs/performance.md). `IMMUNOPIPE_REPORT_PARTITION_ROWS` overrides
    /// it (the golden check uses it to derive a small store in many ranges, as a large one is).
    public static let defaultRowsPerPartition: Int = {
        if let v = ProcessInfo.processInfo.environment["IMMUNOPIPE_REPORT_PARTITION_ROWS"], let n = Int(v), n > 0 { return n }
        return 25_000
    }()
    public var rowsPerPartition = AnalysisPipeline.defaultRowsPerPartition
    /// Scratch space for the spill files (removed afterwards).
    public var scratchDirectory: String
    /// Only the change-from-baseline table: no responses, summaries, tests or figures.
    public var cfbOnly = false
    /// Called on the caller's thread as the phases advance (the CLI draws it).
    public var progress: (@Sendable (ReportProgress) -> Void)?
    /// Called on the caller's thread as soon as the clinical responses are final (with each
    /// subject's arm, empty when blinded), before the parameters are analysed: the caller may
    /// start writing them out while the analysis goes on. An error it throws ends the run.
    public var responsesReady: (([ResponseRecord], [String: String]) throws -> Void)?

    public init(
        study: StudyDefinition, firstDoses: [FirstDose], randomization: [ArmAssignment]?,
        section: (@Sendable (ReportData, AnalysedRows, ParameterInfo) -> String)? = nil, scratchDirectory: String
    ) {
        self.study = study
        self.firstDoses = firstDoses
        self.randomization = randomization
        self.section = section
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
    public func run(
        immune source: MeasurementSource, clinical: [ClinicalAssessment],
        glucocorticoids: [GlucocorticoidDose]? = nil, adverseEvents: [AdverseEvent]? = nil,
        keepRecords: Bool = false, output: ([CFBRecord]) throws -> Void
    ) throws -> Result {
        try run(
            immune: source, clinical: clinical, glucocorticoids: glucocorticoids, adverseEvents: adverseEvents,
            keepRecords: keepRecords, format: { _ in () }, output: { columns, _ in try output(columns.records) })
    }

    /// The same, with each subject range's columns also turned into `Chunk` by `format` on the
    /// thread that derived them (the CSV bytes and store slices of that range), so that deriving
    /// and formatting one range overlaps with writing the previous one. `output` gets the
    /// columns and their chunk on the caller's thread, in cfb.csv order.
    public func run<Chunk: Sendable>(
        immune source: MeasurementSource, clinical: [ClinicalAssessment],
        glucocorticoids: [GlucocorticoidDose]? = nil, adverseEvents: [AdverseEvent]? = nil,
        keepRecords: Bool = false, format: @escaping @Sendable (CFBColumns) -> Chunk,
        output: (CFBColumns, Chunk) throws -> Void
    ) throws -> Result {
        let started = DispatchTime.now().uptimeNanoseconds
        func report(_ phase: ReportProgress.Phase, _ done: Int, _ total: Int, _ unit: String) {
            guard let progress else { return }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            progress(ReportProgress(phase: phase, done: done, total: total, unit: unit, elapsed: elapsed))
        }
        let derivation = try ChangeFromBaseline.Derivation(study: study, firstDoses: firstDoses, arms: randomization)
        let scratch = "\(scratchDirectory)/report-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        // 1. Partition by subject. Reading the store (one thread: HDF5, copying each chunk out
        // of the file as stored) overlaps with decompressing the previous chunks and turning
        // them into analysis values, two chunks per core (chunks are small, so this costs little
        // memory; it halves this phase on two cores). With one per core the reading thread and
        // the decoding ones waited on each other and the cores were idle a fifth of this phase;
        // with two, the phase is a quarter shorter at 10 M rows and the peak the same.
        var lastContact: [String: String] = [:]
        for a in clinical where !a.date.isEmpty { lastContact[a.subject] = max(lastContact[a.subject] ?? "", a.date) }
        let clinicalValues =
            clinical.map(AnalysisValue.init(assessment:))
            + GlucocorticoidExposure.values(glucocorticoids, study: study, firstDoses: firstDoses, lastContact: lastContact)
        let subjects = Set(source.subjects).union(clinicalValues.map(\.subject)).sorted()
        let ranges = SubjectRanges(
            sortedSubjects: subjects,
            parts: (source.rows + clinicalValues.count) / max(1, rowsPerPartition) + 1)
        let bySubject = try SpillPartitions<Int, AnalysisValue>(directory: "\(scratch)/by-subject")
        var labels: [String: String] = [:]
        var warnings: [String] = []
        var withoutSubject = 0, wellLevel = 0, rowsRead = 0, valuesSpilled = 0
        // Known before the first range is derived, for the store's fixed-width SRCREF column.
        var longestSourceReference = clinicalValues.reduce(0) { max($0, $1.source.utf8.count) }
        let reading = OrderedOffload<ChunkValues>(inFlight: OrderedOffload<ChunkValues>.perCore * 2)
        func spill(_ chunk: ChunkValues) throws {
            withoutSubject += chunk.withoutSubject
            wellLevel += chunk.wellLevel
            for (code, label) in chunk.newLabels where labels[code] == nil { labels[code] = label }
            for e in chunk.encoded { try bySubject.append(encoded: e.parts, count: e.count, to: e.range) }
            valuesSpilled += chunk.values
            rowsRead += chunk.rows
            longestSourceReference = max(longestSourceReference, chunk.longestSourceReference)
            report(.reading, rowsRead, source.rows, "rows")
        }
        try source.forEachChunk { chunk in
            try reading.submit({ ChunkValues(try chunk.decoded(), ranges: ranges) }, consume: spill)
        }
        try reading.finish(consume: spill)
        for v in clinicalValues { try bySubject.append(v, to: ranges.index(of: v.subject)) }
        valuesSpilled += clinicalValues.count
        if withoutSubject > 0 {
            warnings.append("\(withoutSubject) measurement(s) without a subject (controls or unlinked samples) not analysed")
        }
        if wellLevel > 0 {
            warnings.append("\(wellLevel) well-level plate value(s) not analysed: each sample's replicate mean is")
        }

        // 2. Derive a subject range at a time: the next ranges are derived (and formatted) on
        // the other cores while this thread writes the previous one out. One range in flight
        // per core: with one, this thread waited a quarter of the time for the deriving one
        // while the other core was full (the writer's share has shrunk since one was chosen);
        // with two, measured alternately on 2 cores, `--tables cfb` took 8-9 % less time at
        // 1 M and 10 M rows and the whole report 4 %, for 25-30 MB more (docs/performance.md).
        // One more than the cores, since this thread runs a queued range itself while it waits
        // (`OrderedOffload`): with only as many as cores, both cores were idle a tenth of the
        // time at 10 M rows (this thread or a worker waiting for the other); now about 3 %, and
        // `--tables cfb` takes 7-8 % less time, for about 45 MB more.
        let byParameter = try SpillPartitions<String, CFBRecord>(directory: "\(scratch)/by-parameter")
        var kept: [CFBRecord] = []
        // Of the clinical records only the glucocorticoid dose's are kept (for its summaries): the
        // responses are evaluated a range at a time as they come, and a CFB-only report needs
        // none (they were 190 MB of records at 10 M rows, built and held to the end).
        var glucocorticoidRecords: [CFBRecord] = []
        var armOf: [String: String] = [:]
        var immuneSubjects = Set<String>(), clinicalSubjects = Set<String>()
        var infos: [String: ParameterInfo] = [:]
        var allLabels: [String: String] = [:]
        var derivationWarnings: [String] = []
        var cfbRows = 0, valuesDerived = 0
        let analyseLater = !keepRecords && !cfbOnly
        let deriving = OrderedOffload<DerivedRange<Chunk>>(inFlight: OrderedOffload<DerivedRange<Chunk>>.perCore + 1)
        let responding = cfbOnly ? nil : BackgroundResponses(study: study)
        func write(_ range: DerivedRange<Chunk>) throws {
            var rangeClinical: [CFBRecord] = []
            defer { responding?.evaluate(rangeClinical) }
            derivationWarnings += range.warnings
            let c = range.columns
            try output(c, range.chunk)
            cfbRows += c.count
            valuesDerived += range.values
            report(.deriving, valuesDerived, valuesSpilled, "rows")
            // Per subject and per parameter once, by code; per row only integer work, and a
            // record only for what later steps keep (clinical rows, analysed immune rows).
            var subjectSeen = [Bool](repeating: false, count: c.subjects.count)
            var codeSeen = [Bool](repeating: false, count: c.codes.count)
            var clinicalSeen = subjectSeen, immuneSeen = subjectSeen, immuneCodeSeen = codeSeen
            for k in 0..<c.count {
                let i = Int(c.input[k])
                let s = Int(c.subjectCode[i]), p = Int(c.parameterCode[i])
                let clinicalRow = c.isClinical(k)
                if !subjectSeen[s] {
                    subjectSeen[s] = true
                    if !derivation.blinded, !c.arm[i].isEmpty { armOf[c.subjects[s]] = c.arm[i] }
                }
                if !codeSeen[p] {
                    codeSeen[p] = true
                    let code = c.codes[p]
                    if allLabels[code] == nil { allLabels[code] = labels[code] ?? c.values.text(.parameter, i) }
                }
                if clinicalRow {
                    if responding != nil {
                        let r = c.record(k)
                        if r.parameterCode == GlucocorticoidExposure.parameterCode { glucocorticoidRecords.append(r) }
                        rangeClinical.append(r)
                    }
                    if !clinicalSeen[s] {
                        clinicalSeen[s] = true
                        clinicalSubjects.insert(c.subjects[s])
                    }
                    continue
                }
                if !immuneSeen[s] {
                    immuneSeen[s] = true
                    immuneSubjects.insert(c.subjects[s])
                }
                if !immuneCodeSeen[p] {
                    immuneCodeSeen[p] = true
                    if infos[c.codes[p]] == nil { infos[c.codes[p]] = ParameterInfo(c.record(k), labels: labels) }
                }
            }
            // Only the fields summaries, tests and figures read (cfb.csv has the rest), encoded
            // on the deriving thread.
            for b in range.analysed { try byParameter.append(encoded: b.parts, count: b.count, to: b.code) }
            if keepRecords { kept += c.records }
        }
        let sourceReferenceWidth = longestSourceReference
        for k in 0..<ranges.count {
            // Read here (the spill files belong to this thread), decoded on the deriving one.
            let spilled = HandOver(try bySubject.takeEncoded(k))
            try deriving.submit(
                {
                    // The spill bytes are released once decoded, not held for the derivation.
                    let values = { () -> AnalysisValueColumns in
                        let encoded = spilled.take()
                        return AnalysisValueBatch.decodeColumns(encoded.bytes, expected: encoded.records)
                    }()
                    var warnings: [String] = []
                    var columns = try derivation.deriveColumns(values, warnings: &warnings)
                    columns.longestSourceReference = sourceReferenceWidth
                    return DerivedRange(
                        columns: columns, warnings: warnings, values: values.count, chunk: format(columns),
                        analysed: analyseLater ? AnalysedRecordSpill.batches(columns) : [])
                }, consume: write)
        }
        try deriving.finish(consume: write)

        if cfbOnly {
            let data = ReportData(
                study: study, dataset: CFBDataset(records: kept, warnings: [], blinded: derivation.blinded),
                responses: [], associations: [], summaries: [], parameters: [],
                groups: ResponseGroups(responses: [], study: study), arms: [], armOf: armOf,
                warnings: warnings + derivationWarnings, labels: allLabels,
                immuneSubjects: immuneSubjects.count, clinicalSubjects: clinicalSubjects.count,
                cfbRows: cfbRows, immuneParameterCount: infos.count, safety: nil)
            return Result(data: data, sections: [:])
        }

        // 3. Responses.
        // (`responding` is nil only for a CFB-only report, which has returned above.)
        let responses = responding?.results() ?? []
        try responsesReady?(responses, armOf)
        let responseSubjects = ResponseSubjects(responses)
        let groups = ResponseGroups(responses: responses, study: study, subjects: responseSubjects)
        let arms = derivation.blinded ? [] : Set(armOf.values).sorted()
        let parameters = ParameterInfo.immune(Array(infos.values), study: study)
        var data = ReportData(
            study: study, dataset: CFBDataset(records: [], warnings: [], blinded: derivation.blinded),
            responses: responses, associations: [], summaries: [], parameters: parameters,
            groups: groups, arms: arms, armOf: armOf, warnings: warnings + derivationWarnings,
            labels: allLabels, immuneSubjects: immuneSubjects.count,
            clinicalSubjects: clinicalSubjects.count, cfbRows: cfbRows,
            immuneParameterCount: infos.count,
            safety: adverseEvents.map {
                AdverseEventSummary(
                    $0, firstDoses: firstDoses, study: study,
                    arm: derivation.arm(of:))
            })
        data.glucocorticoidSummaries = SummaryRow.compute(
            AnalysedRows(glucocorticoidRecords), study: study, groups: groups, arms: arms,
            parameter: GlucocorticoidExposure.parameterCode)

        // 4. Per parameter: each parameter's analysis runs on a worker thread while this thread
        // reads the next one's records and starts it too, so both cores analyse (two
        // parameters at a time); results are collected in parameter order, as before.
        let index = Associations.ResponseIndex(responses, subjects: responseSubjects)
        let shown = Dictionary(parameters.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let (blinded, render, base) = (derivation.blinded, section, data)
        let analyse: @Sendable (AnalysedRows, String?) -> ParameterAnalysis = { rows, code in
            ParameterAnalysis(
                associations: Associations.parameterRows(
                    rows, responses: index, study: base.study, armOf: base.armOf, blinded: blinded),
                summaries: SummaryRow.compute(rows, study: base.study, groups: groups, arms: arms),
                section: render.flatMap { render in code.flatMap { shown[$0] }.map { render(base, rows, $0) } })
        }
        var associations: [AssociationRecord] = []
        var summaries: [SummaryRow] = []
        var sections: [String: String] = [:]
        func collect(_ a: ParameterAnalysis, code: String?) {
            associations += a.associations
            summaries += a.summaries
            if let code, let section = a.section { sections[code] = section }
        }
        if keepRecords {
            collect(analyse(AnalysedRows(kept), nil), code: nil)
        } else {
            let codes = byParameter.keys
            let analysing = OrderedOffload<AnalysedParameter>()
            var analysed = 0
            // Emptied rows handed back by the analyses, decoded into again.
            var spareRows: [AnalysedRows] = []
            func consume(_ result: AnalysedParameter) {
                collect(result.analysis, code: result.code)
                spareRows.append(result.emptied.take())
                analysed += 1
                report(.analysing, analysed, codes.count, "parameters")
            }
            for code in codes {
                let spilled = try byParameter.takeEncoded(code)
                var decoded = spareRows.popLast() ?? AnalysedRows()
                AnalysedRecordSpill.decode(spilled.bytes, expected: spilled.records, into: &decoded)
                let rows = HandOver(consume decoded)
                try analysing.submit(
                    {
                        var rows = rows.take()
                        let analysis = analyse(rows, code)
                        rows.removeAll()
                        return AnalysedParameter(code: code, analysis: analysis, emptied: HandOver(consume rows))
                    }, consume: consume)
            }
            try analysing.finish(consume: consume)
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

/// One parameter analysed, with its rows' emptied storage for the next parameter.
struct AnalysedParameter: Sendable {
    var code: String
    var analysis: ParameterAnalysis
    var emptied: HandOver<AnalysedRows>
}

/// One parameter's rows of association.csv and summary.csv and its figure section (nil when
/// the parameter is not shown), analysed on a worker thread.
struct ParameterAnalysis: Sendable {
    var associations: [AssociationRecord]
    var summaries: [SummaryRow]
    var section: String?
}

/// One subject range derived on a worker thread.
struct DerivedRange<Chunk: Sendable>: Sendable {
    var columns: CFBColumns
    var warnings: [String]
    var values: Int
    var chunk: Chunk
    /// Its analysed immune rows, encoded for step 4 (empty when step 4 does not run).
    var analysed: [AnalysedRecordSpill.Batch]
}
