import Analysis
import Domain
import FileIO
import Foundation
import Store

/// Builds the researcher's report: runs the analysis (`AnalysisPipeline`), then writes `cfb.csv`,
/// `response.csv`, `summary.csv`, `associations.csv` and `report.html` into one directory, and
/// the same tables into `results` when given.
public enum ReportBuilder {
    public static let htmlName = "report.html"

    /// Immune values from `source`, clinical assessments and first doses as read from their
    /// files; `randomization` only to unblind. The change-from-baseline table streams to
    /// `cfb.csv` (and `results`) as it is derived; nothing holds all of it.
    public static func build(
        source: MeasurementSource, study: StudyDefinition, clinical: [ClinicalAssessment],
        glucocorticoids: [GlucocorticoidDose]? = nil, adverseEvents: [AdverseEvent]? = nil,
        firstDoses: [FirstDose], randomization: [ArmAssignment]?, provenance: Provenance,
        out: String, options: ReportOptions = ReportOptions(),
        results: ResultsWriter? = nil,
        rowsPerPartition: Int = AnalysisPipeline.defaultRowsPerPartition,
        progress: (@Sendable (ReportProgress) -> Void)? = nil
    ) throws -> ReportSummary {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let cfbPath = (out as NSString).appendingPathComponent("cfb.csv")
        let cfbFile = try CSVFileWriter(path: cfbPath)
        let cfbStored = try results?.beginTable("cfb", plainText: CFBTable.plainTextColumns)
        try cfbFile.append(CFBTable.make([])) // the header, even for an empty dataset
        var pipeline = AnalysisPipeline(
            study: study, firstDoses: firstDoses, randomization: randomization,
            section: { FigureSections.parameter($0, $1, $2, options: options) }, scratchDirectory: out)
        pipeline.rowsPerPartition = rowsPerPartition
        pipeline.cfbOnly = options.tables == .cfb
        pipeline.progress = progress
        // Each result table's CSV is formatted and written on another core while this thread
        // (the store's one writer) stores the table before it; the response table's as soon as
        // the responses are final, while the parameters are analysed: at the end it was half a
        // second of one busy core at 10 M rows, while the other waited.
        var files = [cfbPath]
        let saving = OrderedOffload<(table: AuxiliaryTable, path: String)>()
        func save(_ saved: (table: AuxiliaryTable, path: String)) throws {
            try results?.add(saved.table)
            files.append(saved.path)
        }
        var responsesSaved = false
        pipeline.responsesReady = { responses, armOf in
            try saving.submit({ try writeCSV(ResponseTable.make(responses, armOf: armOf), in: out) }, consume: save)
            responsesSaved = true
        }
        let storing = results != nil
        // Each subject range is formatted on the thread that derived it, from its codes: its
        // CSV bytes, and its slice of the store's dataframe when there is one. The CSV is
        // formatted into an array an earlier range's was written from, once there is one.
        let rooms = CSVRoomPool(limit: 4)
        let result = try pipeline.run(
            immune: source, clinical: clinical, glucocorticoids: glucocorticoids,
            adverseEvents: adverseEvents,
            format: { columns -> FormattedCFB in
                let coded = CFBCodedRange(columns, 0..<columns.count)
                // About 230 bytes a row, plus the room of the last block of rows written.
                var csv = CSVBuffer(recycling: rooms.take(), reservingCapacity: columns.count * 256 + 256 * 1024)
                coded.csv(into: &csv)
                return FormattedCFB(csv: HandedOverBytes(csv.takeBytes()), slice: storing ? coded.storeSlice() : nil)
            }
        ) { _, formatted in
            try cfbFile.write(formatted.csv, then: rooms.give)
            if let slice = formatted.slice { try cfbStored?.append(slice) }
        }
        let data = result.data
        if pipeline.cfbOnly {
            try cfbFile.finish()
            return ReportSummary(
                directory: out, files: files, html: "", resultsPath: nil, cfbRows: data.cfbRows,
                responseRows: 0, summaryRows: 0, associationRows: 0, blinded: data.blinded,
                warnings: data.warnings)
        }
        progress?(ReportProgress(phase: .writing, done: 0, total: 1, unit: "pages", elapsed: 0))
        // The page is rendered on the other core while this thread (the store's one writer)
        // writes the tables.
        let rendering = OrderedOffload<String>()
        var page = ""
        let sections = result.sections
        try rendering.submit({ HTMLPage.render(data, provenance: provenance, options: options, sections: sections) }) { page = $0 }
        for t in resultTables(data, responses: !responsesSaved) {
            try saving.submit({ try writeCSV(t, in: out) }, consume: save)
        }
        try saving.finish(consume: save)
        try cfbFile.finish()
        try rendering.finish { page = $0 }
        let html = (out as NSString).appendingPathComponent(htmlName)
        try write(Array(page.utf8), to: html)
        files.insert(html, at: 0)
        return ReportSummary(
            directory: out, files: files, html: html, resultsPath: nil,
            cfbRows: data.cfbRows, responseRows: data.responses.count,
            summaryRows: data.summaries.count, associationRows: data.associations.count,
            blinded: data.blinded, warnings: data.warnings)
    }

    /// The report from measurements in memory, written to `out`.
    public static func build(
        measurements: [Domain.Measurement], study: StudyDefinition, clinical: [ClinicalAssessment],
        firstDoses: [FirstDose], randomization: [ArmAssignment]?, provenance: Provenance,
        out: String, options: ReportOptions = ReportOptions()
    ) throws -> ReportSummary {
        try build(
            source: .inMemory(measurements), study: study, clinical: clinical, firstDoses: firstDoses,
            randomization: randomization, provenance: provenance, out: out, options: options)
    }

    /// The analysis alone (no file written), keeping every change-from-baseline record in
    /// `dataset.records`: for small inputs and tests. Measurements without a subject (controls,
    /// samples not linked to a subject) cannot enter a change from baseline, and well-level
    /// plate values (one replicate well's MFI or concentration) are not a subject's value (the
    /// sample's replicate mean is): both are left out and a warning says how many.
    public static func analyse(
        measurements: [Domain.Measurement], study: StudyDefinition, clinical: [ClinicalAssessment],
        firstDoses: [FirstDose], randomization: [ArmAssignment]?
    ) throws -> ReportData {
        let pipeline = AnalysisPipeline(
            study: study, firstDoses: firstDoses, randomization: randomization,
            scratchDirectory: NSTemporaryDirectory())
        return try pipeline.run(immune: .inMemory(measurements), clinical: clinical, keepRecords: true) { _ in }.data
    }

    /// The four result tables, in the order `cfb`, `response`, `summary`, `associations`, of an
    /// analysis that kept its records (`analyse`).
    public static func tables(_ data: ReportData) -> [AuxiliaryTable] {
        [CFBTable.make(data.dataset.records)] + resultTables(data)
    }

    /// `response` (unless `responses` is false), `summary`, `associations`, and `safety` when
    /// adverse events were given.
    static func resultTables(_ data: ReportData, responses: Bool = true) -> [AuxiliaryTable] {
        (responses ? [ResponseTable.make(data.responses, armOf: data.armOf)] : [])
            + [SummaryTable.make(data.summaries), AssociationTable.make(data.associations)]
            + (data.safety.map { [SafetyTable.make($0, studyID: data.study.studyID)] } ?? [])
    }

    /// Now, ISO 8601 in UTC (`2024-05-01T09:30:00Z`).
    public static func timestamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    /// `table` as `<name>.csv` in `directory`, a piece of rows at a time, under a partial name
    /// until it is whole; the table and the file's path.
    static func writeCSV(_ table: AuxiliaryTable, in directory: String) throws -> (table: AuxiliaryTable, path: String) {
        let path = (directory as NSString).appendingPathComponent("\(table.name).csv")
        let file = try CSVFileWriter(path: path, bypassingPageCache: false)
        try file.append(table)
        try file.finish()
        return (table, path)
    }

    /// Written to a temporary file and renamed, so a reader never sees half a report.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard !bytes.isEmpty else { return try Data().write(to: url, options: .atomic) }
        // Written from the array itself, not from a copy in `Data` (the page is megabytes).
        try bytes.withUnsafeBytes { raw in
            let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress!), count: raw.count, deallocator: .none)
            try data.write(to: url, options: .atomic)
        }
    }
}

/// One subject range of cfb.csv, formatted: its CSV rows and its slice of the store's table.
struct FormattedCFB: Sendable {
    /// Handed to the file's writer, which gives the array back to format a later range in.
    var csv: HandedOverBytes
    var slice: [(name: String, column: StreamedTableWriter.SliceColumn)]?
}
