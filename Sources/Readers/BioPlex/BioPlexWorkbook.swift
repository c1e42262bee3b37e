import Domain

/// The one interpretation of a Bio-Plex Manager Excel export, whichever Excel format it came in
/// (`BioPlexXlsxReader`, `BioPlexXlsReader`): one sheet per analyte (see `BioPlexSheet`).
///
/// Each table row is one well or one replicate group (`C1,D1`) as Bio-Plex reports it. The
/// `Type` column decides the role (S standard, C control, B blank, X unknown). The sample is the
/// `Description` for unknowns and the type code (`S1`, `C3`, `B`) for the others, whose levels
/// the code identifies while their descriptions often repeat; the description is kept in
/// `extra`. Columns: FI → mfi, FI - Bkgd → net_mfi, Bead Count → bead_count, Obs Conc →
/// concentration (`OOR <`, `OOR >`, `*x` extrapolated, `***`, `---` outlier), Exp Conc →
/// expected_concentration, (Obs/Exp) * 100 → recovery, %CV → cv, Dilution → dilution; the
/// rest (Std Dev, Group, Ratio, Sampling Errors…) go to `extra`. Sheets without a Type/Well
/// table (LabKey's "Project Template") are skipped with a warning.
enum BioPlexWorkbook {
    static func read(_ workbook: some SheetWorkbook, into sink: MeasurementSink) throws {
        let file = workbook.file
        var emitter = BioPlexSheetEmitter(file: file, sink: sink)
        var read = 0
        for (index, name) in workbook.sheetNames.enumerated() {
            // Numbers as one text whichever program wrote the file, so `extra` is the same too.
            let rows = try workbook.rows(ofSheetAt: index).map(\.canonicalNumbers)
            guard let parsed = BioPlexSheet.parse(name: name, rows: rows) else {
                sink.report(
                    .warning(
                        file.location(sheet: name), code: "sheet-skipped",
                        "sheet '\(name)' has no Type/Well table: not a Bio-Plex analyte sheet, skipped"))
                continue
            }
            // A Type/Well header with nothing under it is a damaged or cut export, not an
            // empty plate: said, never a silent "0 values" (found by the seeded mutation test).
            if parsed.dataRows.isEmpty {
                sink.report(
                    .error(
                        file.location(sheet: name, row: parsed.headerRow), code: "no-rows",
                        "sheet '\(name)' has a Type/Well header but no well rows under it"))
            }
            try emitter.emit(parsed)
            read += 1
        }
        guard read > 0 else {
            let names = workbook.sheetNames.map { "'\($0)'" }.joined(separator: ", ")
            throw FileRejected(
                file.location(), code: "no-bioplex-sheet",
                "no sheet has a Bio-Plex Type/Well table (sheets: \(names.isEmpty ? "none" : names))")
        }
        // Tables whose rows give no value at all (every cell damaged or empty): said, never a
        // silent "0 values".
        if emitter.emitted == 0 {
            sink.report(
                .error(
                    file.location(), code: "no-rows",
                    "the workbook's Bio-Plex tables hold no readable value"))
        }
        sink.attach(emitter.run.table)
        if !emitter.curves.isEmpty { sink.attach(emitter.curves.table) }
    }

    /// True when some sheet has a Bio-Plex header row (`Type` and `Well`) in its first rows:
    /// how a legacy workbook, which has no telling extension or first bytes, is recognised.
    static func looksLikeBioPlex(_ workbook: some SheetWorkbook) -> Bool {
        for index in workbook.sheetNames.indices {
            guard let rows = try? workbook.rows(ofSheetAt: index) else { continue }
            for row in rows.prefix(60) {
                let texts = Set(row.cells.map { $0.text.trimmingSpaces.lowercased() })
                if texts.contains("type"), texts.contains("well"), texts.contains("fi") || texts.contains("obs conc") { return true }
            }
        }
        return false
    }
}
