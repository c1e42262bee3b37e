import Foundation
import Domain

/// Luminex xPONENT and INTELLIFLEX CSV exports (LX100/200, FLEXMAP 3D, MAGPIX, INTELLIFLEX).
///
/// A header block (Program, Build, Date, SN, Batch, Protocol…, calibration results) is followed
/// by `DataType:` sections in any order and subset. Per well and analyte the reader emits `mfi`
/// (Median), `net_mfi`, `bead_count` (Count), `concentration` (Result, with `< x`, `> x`, NaN
/// qualifiers and the Comments section's "Extrapolated"), `expected_concentration` (Standard /
/// Control Expected Concentration, exactly as written: a value that breaks its dilution series is
/// judged by the curve layer, `Ingest/Curves/StandardSeriesCheck`), `recovery` (% Recovery), `cv`
/// (per-well %CV) and `dilution`.
/// Sections it does not read (averages, ranges, MAGPIX Mean/Peak/Trimmed…, audit logs) are
/// listed once in a warning. Run metadata and the instrument's own curves are attached as
/// `instrument_run` and `instrument_curves`.
public struct XPonentCSVReader: MeasurementReader {
    public let format = SourceFormat(id: "xponent-csv", parserVersion: "1.1.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        guard let first = preview.lines(1).first else { return false }
        let unquoted = first.filter { $0 != "\"" }
        return unquoted.hasPrefix("Program,") && preview.text.contains("DataType:")
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let export = try XPonentParser.parse(file, sink: sink)
        guard !export.sections.isEmpty else {
            throw FileRejected(file.location(), code: "no-data-sections",
                               "no 'DataType:' section: the export holds only its header block")
        }
        var builder = XPonentPlateBuilder(file: file, sink: sink)
        for section in export.sections { builder.add(section) }
        let plate = builder.plate
        guard !plate.wells.isEmpty else {
            let names = export.sections.map(\.name).joined(separator: ", ")
            throw FileRejected(file.location(line: export.sections[0].line), code: "no-well-data",
                               "no per-well section (Median, Net MFI, Count, Result…) with rows; sections present: \(names)")
        }
        if !plate.notRead.isEmpty {
            let list = plate.notRead.map { "\($0.name) (line \($0.line))" }.joined(separator: ", ")
            sink.report(.warning(file.location(line: plate.notRead[0].line), code: "sections-not-read",
                                 "\(plate.notRead.count) section\(plate.notRead.count == 1 ? "" : "s") not read: \(list)"))
        }
        var emitter = XPonentEmitter(file: file, export: export, plate: plate, sink: sink)
        try emitter.emitMeasurements()
        sink.attach(emitter.runTable().table)
        let curves = emitter.curves()
        if !curves.isEmpty { sink.attach(curves.table) }
    }
}
