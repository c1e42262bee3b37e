import Domain
import Foundation

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
/// Real files also bring: unquoted `1(1,A1)` locations split by their comma (rejoined, with a
/// warning), a repeated `Location,Sample,…` header inside a section (skipped), and Dilution
/// Factor rows for wells no data section measured (not read, one warning naming them). The
/// file's bead minimum (`Per Bead Count`, else `Min Events`) is recorded in `extra` so that
/// plate QC applies it. See `docs/formats.md`.
public struct XPonentCSVReader: MeasurementReader {
    public let format = SourceFormat(id: "xponent-csv", parserVersion: "1.2.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        guard let first = preview.lines(1).first else { return false }
        let unquoted = first.filter { $0 != "\"" }
        return unquoted.hasPrefix("Program,") && preview.mentions("DataType:")
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let export = try XPonentParser.parse(file, sink: sink)
        guard !export.sections.isEmpty else {
            throw FileRejected(
                file.location(line: 1, column: 1), code: "no-data-sections",
                "this looks like a Luminex xPONENT export (it starts with a 'Program' line) but it has no 'DataType:' section: only the header block was exported, or the file was cut short"
            )
        }
        var builder = XPonentPlateBuilder(file: file, sink: sink)
        for section in export.sections { builder.add(section) }
        builder.finish()
        let plate = builder.plate
        guard !plate.wells.isEmpty else {
            throw FileRejected(
                file.location(line: export.sections[0].line, column: 1), code: "no-well-data",
                Self.noWellDataMessage(export: export, plate: plate))
        }
        if !plate.notRead.isEmpty {
            let list = plate.notRead.map { "\($0.name) (line \($0.line))" }.joined(separator: ", ")
            sink.report(
                .warning(
                    file.location(line: plate.notRead[0].line), code: "sections-not-read",
                    "\(plate.notRead.count) section\(plate.notRead.count == 1 ? "" : "s") not read: \(list)"))
        }
        var emitter = XPonentEmitter(file: file, export: export, plate: plate, sink: sink)
        try emitter.emitMeasurements()
        sink.attach(emitter.runTable().table)
        let curves = emitter.curves()
        if !curves.isEmpty { sink.attach(curves.table) }
    }

    /// Why an xPONENT export with sections yielded no well, in terms a lab can act on.
    static func noWellDataMessage(export: XPonentExport, plate: XPonentPlate) -> String {
        let perWell = export.sections.filter {
            if case .perWell = XPonentSectionKind(sectionName: $0.name) { return true } else { return false }
        }
        if let bad = plate.invalidLocations.first {
            return
                "this looks like a Luminex xPONENT export, but none of its \(plate.invalidLocations.count) data rows has a readable Location: the first, '\(bad.text)' on line \(bad.line), is not like 1(1,A1)"
                + " (was the file re-saved so that the Location column was split or reformatted?)"
        }
        let listed =
            export.sections.prefix(8).map { s -> String in
                let name = s.name.isEmpty ? "an unnamed section" : "'\(s.name)'"
                return "\(name) (line \(s.line), \(s.rows.count) row\(s.rows.count == 1 ? "" : "s"))"
            }.joined(separator: ", ") + (export.sections.count > 8 ? ", …" : "")
        if perWell.isEmpty {
            return
                "this looks like a Luminex xPONENT export, but it has no per-well data section (Median, Net MFI, Count, Result…); it has \(listed)"
        }
        return "this looks like a Luminex xPONENT export, but its per-well data sections have no rows; sections: \(listed)"
    }
}
