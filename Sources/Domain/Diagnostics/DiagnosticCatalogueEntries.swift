// The catalogue's entries, one list per area (see `DiagnosticCatalogue`). Keep each list sorted
// by code; the wording is what lab users read next to their file's line and column.

extension DiagnosticCatalogue {
    static let files: [DiagnosticCode] = [
        .init(
            "empty-file", .error, .file,
            meaning: "The file holds no data (no bytes, or a header and nothing else).",
            advice: "Export the file again from the instrument software; check that the transfer completed."),
        .init(
            "invalid-file-name", .error, .file,
            meaning:
                "A file in the folder has a name that is not valid UTF-8 (bytes shown as \\xNN), so it cannot be opened by name; nothing from it was stored.",
            advice: "Rename the file (for example on the machine that wrote it) to a plain name and ingest it again."),
        .init(
            "invalid-utf8", .error, .file,
            meaning: "A file that must be UTF-8 (configuration, manifest) contains bytes that are not UTF-8.",
            advice: "Save the file as UTF-8 (in Excel: CSV UTF-8; in an editor: encoding UTF-8)."),
        .init(
            "invalid-xls", .error, .file,
            meaning:
                "The legacy Excel .xls workbook cannot be read: its compound file or BIFF records are damaged, truncated or encrypted; the message names the stream and byte offset.",
            advice: "Open the workbook in Excel and save it again (without a password), or export again from the instrument software."),
        .init(
            "file-too-large", .error, .file,
            meaning: "The file is larger than any file of its format can be (a MESO plate file is well under 1 MiB); it is not read.",
            advice: "Check that the right file was uploaded; split a concatenated export into its plate files."),
        .init(
            "invalid-xlsx", .error, .file,
            meaning: "The .xlsx workbook is damaged: a part it refers to is missing or unreadable.",
            advice: "Open the workbook in Excel and save it again, or export again from the instrument software."),
        .init(
            "invalid-xml", .error, .file,
            meaning:
                "The XML file (workspace, instrument XML, workbook part) is not well-formed; the message gives the parser's line and column.",
            advice: "The file was damaged or edited by hand: export it again. Nothing from this file was stored."),
        .init(
            "legacy-encoding", .warning, .file,
            meaning: "The file is not UTF-8; it was read in the legacy encoding named in the message (Windows-1252, MacRoman).",
            advice: "Nothing to do if names such as µ or en dashes look right in the stored values; prefer UTF-8 exports."),
        .init(
            "not-xlsx", .error, .file,
            meaning: "A file named or detected as an Excel workbook is not a ZIP-based .xlsx workbook.",
            advice: "Check the file type; legacy .xls files must be exported as .xls, not renamed to .xlsx."),
        .init(
            "read-failed", .error, .file,
            meaning: "The file could not be read to the end (an I/O error or an internal reader failure).",
            advice: "Try the upload again; if it fails again, send the file and the message to the data manager."),
        .init(
            "format-lookalike", .error, .file,
            meaning:
                "The file resembles a known instrument's export (xPONENT sections, INTELLIFLEX region columns, an Excel workbook) but lacks what that format needs; the message names the instrument and what is missing.",
            advice:
                "Export the file again from the instrument software, whole and unedited (the header block, the WELL LOCATION column…), or save a workbook as CSV."
        ),
        .init(
            "unknown-format", .error, .file,
            meaning: "No reader recognises the file's layout (or the requested format id does not exist).",
            advice: "Check that the file is one of the formats in docs/formats.md, exported with its headers."),
        .init(
            "unreadable-file", .error, .file,
            meaning: "The file cannot be opened or archived (permissions, a vanished file, a full disk).",
            advice: "Check that the file exists and is readable, and that the store has free space."),
        .init(
            "xls-cell-unreadable", .warning, .file,
            meaning:
                "A cell of the legacy .xls workbook could not be read (a formula's text result without its STRING record) and was left empty.",
            advice: "Open the workbook in Excel, let it recalculate, save it and upload it again."),
    ]

    static let tables: [DiagnosticCode] = [
        .init(
            "duplicate-column", .errorOrWarning, .table,
            meaning:
                "Two columns of the header mean the same thing, so it cannot be told which one to use (a warning in an INTELLIFLEX export, where the first is read).",
            advice: "Remove or rename one of the two columns."),
        .init(
            "extra-fields", .error, .table,
            meaning: "A row has more fields than the header; the row is not stored.",
            advice: "Quote fields that contain the delimiter, or use a point as decimal separator."),
        .init(
            "missing-fields", .warning, .table,
            meaning: "A row has fewer fields than the header (INTELLIFLEX); its missing cells are read as empty.",
            advice: "Check that the export was not cut short or edited."),
        .init(
            "missing-column", .error, .table,
            meaning: "A column the format requires is not in the header.",
            advice: "Export again with the column included; the message names the missing columns."),
        .init(
            "no-rows", .error, .table,
            meaning: "The table has a header but no data rows.",
            advice: "Check that the export selected the samples or wells before saving."),
        .init(
            "non-numeric-value", .error, .table,
            meaning: "A cell that must hold a number holds text; that value is not stored.",
            advice: "Correct the cell (decimal separator, stray characters) and upload the file again."),
        .init(
            "unnamed-column", .warning, .table,
            meaning: "A column has no header, so its values cannot be read.",
            advice: "Name the column in the export or remove it."),
    ]

    static let cytometry: [DiagnosticCode] = [
        .init(
            "count-not-computed", .warning, .cytometry,
            meaning:
                "The event counts were not computed: FlowJo wrote count -1 for a gate, or a FACSDiva tube was exported with 0 events in All Events (not recorded or not analysed); they are stored as not available.",
            advice:
                "Recompute the workspace in FlowJo (with the FCS files present), or display the tube in FACSDiva before exporting the experiment, and export again."
        ),
        .init(
            "empty-cells", .warning, .cytometry,
            meaning: "Cells of the table are empty (FlowJo exported no value); they are skipped, and the first is named.",
            advice: "Nothing to do unless the population should have a value: then recompute it in FlowJo."),
        .init(
            "frequency-denominator-unknown", .warning, .cytometry,
            meaning: "A frequency column does not say which population it is a percentage of.",
            advice: "Give the panel mapping a denominator for this population."),
        .init(
            "gate-path-too-long", .error, .cytometry,
            meaning:
                "A gate is nested so deep that its path passes 1,024 characters; it and the gates under it are not read (this bound keeps a workspace's cost linear in its size).",
            advice: "Check the workspace: real gating trees are far shallower. Flatten the hierarchy or shorten the gate names."),
        .init(
            "missing-count", .warning, .cytometry,
            meaning: "A gate or sample in the workspace (or a FACSDiva gate) has no event count.",
            advice: "Recompute the workspace in FlowJo and save it again."),
        .init(
            "missing-gate-name", .error, .cytometry,
            meaning: "A gate has no name; it and the gates under it are not read.",
            advice: "Name the gate in FlowJo and save the workspace again."),
        .init(
            "missing-gate-path", .warning, .cytometry,
            meaning: "A column names no gate (a statistic of the whole sample); its values are not read.",
            advice: "Nothing to do unless you need that statistic; export gate statistics as Gate/Path | Statistic."),
        .init(
            "missing-root-gate", .error, .cytometry,
            meaning: "A FACSDiva tube has no root gate (All Events, type EventSource_Classifier); its gates are not read.",
            advice: "Export the experiment again from FACSDiva; the root gate is never missing from an unedited export."),
        .init(
            "missing-sample", .error, .cytometry,
            meaning: "A row has values but no sample name; it is not stored.",
            advice: "Fill in the sample (FCS file) name in the first column."),
        .init(
            "no-samples", .error, .cytometry,
            meaning: "The workspace lists no samples, or the FACSDiva experiment no tubes.",
            advice:
                "Add the samples to the workspace in FlowJo before saving it, or export the experiment with its specimens from FACSDiva."),
        .init(
            "not-facsdiva", .error, .cytometry,
            meaning: "The XML file is not a BD FACSDiva experiment export (no bdfacs root element).",
            advice: "Export the experiment from FACSDiva (File > Export > Experiment) and upload that XML."),
        .init(
            "no-statistic-columns", .error, .cytometry,
            meaning: "The table's header names no FlowJo statistic column (Gate/Path | Statistic).",
            advice: "Export the table from FlowJo's table editor with statistic columns."),
        .init(
            "sample-statistic-skipped", .warning, .cytometry,
            meaning: "Statistics of whole samples (not of a gate) were present and not read.",
            advice: "Nothing to do unless you need them; gate statistics are what immunopipe stores."),
        .init(
            "sample-without-values", .warning, .cytometry,
            meaning: "A sample (workspace sample node or FACSDiva tube) has no gates and no event count: nothing is stored for it.",
            advice: "Check that the sample was analysed before the workspace or experiment was saved; recompute and export again."),
        .init(
            "unknown-statistic", .warning, .cytometry,
            meaning: "A statistic name is not one this reader knows; the values are kept under the name written.",
            advice: "Check the statistic; add it to the panel if it should be analysed."),
        .init(
            "unmapped-column", .warning, .cytometry,
            meaning: "A column is not a FlowJo gate statistic; its values are kept with statistic 'value'.",
            advice: "Rename the column as Gate/Path | Statistic, or map it in the panel."),
        .init(
            "unresolved-ancestor", .warning, .cytometry,
            meaning: "A 'frequency of' names an ancestor gate that is not above this gate; the denominator is kept as written.",
            advice: "Check the gate hierarchy and the statistic's ancestor name in FlowJo."),
    ]

    static let multiplex: [DiagnosticCode] = [
        .init(
            "ambiguous-date", .warning, .multiplex,
            meaning: "The run date could be day-first or month-first; it is kept as written.",
            advice: "Nothing to do for the values; use ISO dates (yyyy-mm-dd) in the instrument settings."),
        .init(
            "default-bead-threshold", .warning, .multiplex,
            meaning: "The export states no minimum bead count, so the configured default threshold was used for low-bead-count QC.",
            advice: "Nothing to do if the default suits the kit; otherwise set the kit's minimum in the plate QC options."),
        .init(
            "duplicate-section", .warning, .multiplex,
            meaning: "A data section appears twice; the second is ignored.",
            advice: "Export the run again; a merged or edited file can repeat sections."),
        .init(
            "analyte-name-mismatch", .warning, .multiplex,
            meaning: "Two wells of an INTELLIFLEX export name the same bead region differently; the first name is used.",
            advice: "Check the panel's analyte names in the INTELLIFLEX protocol."),
        .init(
            "columns-not-read", .warning, .multiplex,
            meaning:
                "Some region columns of an INTELLIFLEX export are not read (an unknown field, or a region with a name but no value); listed with their columns.",
            advice: "Nothing to do if they carry nothing to store; otherwise send the file so the reader learns the column."),
        .init(
            "dilution-without-measurement", .warning, .multiplex,
            meaning:
                "The xPONENT Dilution Factor section lists wells that no data section measured (never acquired); their dilutions are not read, so no sample is created for them.",
            advice: "Nothing to do if those wells were left empty; otherwise check that the run acquired every well."),
        .init(
            "duplicate-analyte", .warning, .multiplex,
            meaning: "Two bead regions of an INTELLIFLEX export carry the same analyte name; the second is stored as 'name (R<region>)'.",
            advice: "Check the panel's analyte names in the INTELLIFLEX protocol."),
        .init(
            "duplicate-well", .error, .multiplex,
            meaning: "A well appears twice in one section (or twice in an INTELLIFLEX export); the second row is skipped.",
            advice: "Check the export for merged plates."),
        .init(
            "invalid-count", .error, .multiplex,
            meaning: "A bead count, or a FACSDiva gate's num_events, is not a whole number.",
            advice: "Check the Count section of the export, or the gate's num_events in the FACSDiva XML."),
        .init(
            "instrument-calibration", .warning, .multiplex,
            meaning:
                "The instrument's calibration, verification or fluidics check was not passed, or its lot had expired, when the plate ran (INTELLIFLEX).",
            advice: "Review the run with the instrument's calibration record before accepting its values."),
        .init(
            "invalid-location", .error, .multiplex,
            meaning: "A well location is not of the form 1(1,A1) (xPONENT) or A1 (INTELLIFLEX WELL LOCATION); the row is skipped.",
            advice: "Export again without editing the Location column (quote it if it contains commas)."),
        .init(
            "invalid-well", .error, .multiplex,
            meaning: "A well name is not a well or list of wells (E12, or C1,D1); the row is skipped.",
            advice: "Correct the well name."),
        .init(
            "missing-analyte", .errorOrWarning, .multiplex,
            meaning:
                "A row names no analyte (assay) and is skipped (error); or no well of an INTELLIFLEX export names a region's analyte, whose values are stored under the region label such as 'R25: RP1' (warning).",
            advice: "Fill in the analyte name."),
        .init(
            "incomplete-bioplex-xml", .error, .multiplex,
            meaning:
                "The Bio-Plex Manager XML has no <Wells> section, which every export holds: it was cut or edited, and bead counts and plate IDs are missing.",
            advice: "Export the plate again from Bio-Plex Manager as XML. Nothing from this file was stored."),
        .init(
            "missing-sheet", .error, .multiplex,
            meaning: "The workbook has no sheet of the name its format keeps the table in (MSD Discovery Workbench: `Workbench data`).",
            advice: "Save the workbook from Discovery Workbench again, or upload the Workbench CSV export."),
        .init(
            "no-bioplex-sheet", .error, .multiplex,
            meaning: "No sheet of the workbook holds a Bio-Plex Type/Well table.",
            advice: "Export the Bio-Plex report with its per-analyte sheets."),
        .init(
            "no-data-sections", .error, .multiplex,
            meaning: "The xPONENT export holds only its header block, no DataType sections.",
            advice: "Export again with the data sections (Median, Count, Result…) selected."),
        .init(
            "no-well-data", .error, .multiplex,
            meaning:
                "The export has no readable per-well data: no wells in the XML, no per-well section with readable rows (the message names unreadable locations and the sections found), or an INTELLIFLEX header without value columns or rows.",
            advice: "Export again after the run has been analysed."),
        .init(
            "not-bioplex", .error, .multiplex,
            meaning: "The XML file is not a Bio-Plex Manager export.",
            advice: "Check the file; other XML exports are not read as Bio-Plex."),
        .init(
            "not-xponent", .error, .multiplex,
            meaning: "The file does not start like an xPONENT export (a 'Program' line).",
            advice: "Export the run from xPONENT as CSV without editing the header."),
        .init(
            "sample-name-mismatch", .warning, .multiplex,
            meaning: "One well is given different sample names in different sections; the first name is used.",
            advice: "Check the plate layout in the instrument software."),
        .init(
            "sections-not-read", .warning, .multiplex,
            meaning: "Some sections of the export are not read by immunopipe (listed in the message).",
            advice: "Nothing to do; these sections carry nothing immunopipe stores."),
        .init(
            "sheet-skipped", .warning, .multiplex,
            meaning: "A sheet of the workbook has no Type/Well table and was skipped.",
            advice: "Nothing to do if it is a summary sheet."),
        .init(
            "stray-line", .warning, .multiplex,
            meaning: "A line outside the data (outside any DataType section, or after the well rows of an INTELLIFLEX export) was ignored.",
            advice: "Nothing to do; an edited export can leave such lines."),
        .init(
            "unattributed-column", .warning, .multiplex,
            meaning:
                "A Bio-Plex sheet repeats a column (FI, FI) with no analyte name above it to tell the copies apart; that column was not read.",
            advice: "Export with the analyte names above the repeated columns, or one sheet per analyte."),
        .init(
            "unexpected-spot-line", .error, .multiplex,
            meaning:
                "A plate row of a MESO plate file has more spot lines than the plate has spots per well (or than its single-spot table holds); the extra line is not read.",
            advice: "Export the plate file again without editing it; check `Spots Per Well` and `SpotID` in its header."),
        .init(
            "unexpected-section-layout", .error, .multiplex,
            meaning: "A section does not start with the column its type requires; the section is not read.",
            advice: "Export again without editing the file."),
        .init(
            "unquoted-location", .warning, .multiplex,
            meaning:
                "xPONENT locations such as 1(1,A1) were written without quotes, so the comma inside split each into two fields; they were rejoined and read.",
            advice: "Nothing to do; re-save exports with quoted fields to avoid it."),
        .init(
            "unknown-analyte", .warning, .multiplex,
            meaning: "The analyte is not in the cytokine catalogue; values are kept under the name written.",
            advice: "Check the spelling or add the analyte to the catalogue so it can be analysed."),
        .init(
            "unknown-unit", .warning, .multiplex,
            meaning: "The concentration unit is not one immunopipe knows; values are kept as written.",
            advice: "Use pg/mL, ng/mL or a molar unit the catalogue can convert."),
        .init(
            "well-not-acquired", .warning, .multiplex,
            meaning:
                "Wells of an INTELLIFLEX export have no value in any region (never acquired, e.g. WELL STATUS Dry); they are not stored.",
            advice: "Check the wells named: re-run them if they should have held samples."),
        .init(
            "unknown-well-type", .errorOrWarning, .multiplex,
            meaning:
                "A well type is not standard, control, blank or unknown: a Bio-Plex row is skipped (error); an INTELLIFLEX well takes its role from the sample ID (warning).",
            advice: "Correct the Type column."),
    ]

    static let curves: [DiagnosticCode] = [
        .init(
            "blank-above-lowest-standard", .warning, .curves,
            meaning: "A blank well reads at or above the lowest standard: the low end of the curve is not usable.",
            advice: "Check the blank wells for contamination; treat values near the LLOQ with caution."),
        .init(
            "control-out-of-range", .warning, .curves,
            meaning: "A control's concentration is outside its accepted range; the control's values are flagged.",
            advice: "Review the plate on its QC page and the control's Levey-Jennings chart before accepting the run."),
        .init(
            "cv-high", .warning, .curves,
            meaning: "Replicate wells of a sample disagree: their %CV is above the accepted limit; the wells are flagged.",
            advice: "Review the replicate wells; rerun the sample if one well is clearly wrong."),
        .init(
            "curve-fit-failed", .warning, .curves,
            meaning: "The standard curve could not be fitted; no concentrations are recomputed for this analyte.",
            advice: "Review the standards on the plate QC page (outliers, missing levels)."),
        .init(
            "curve-not-converged", .warning, .curves,
            meaning: "The curve fit stopped at its iteration limit before converging.",
            advice: "Review the standards; recomputed concentrations of this analyte are doubtful."),
        .init(
            "curve-not-read", .warning, .curves,
            meaning: "The instrument's curve equation could not be read; the instrument's curve is not compared with ours.",
            advice: "Nothing to do for the values; the curve is fitted from the standards."),
        .init(
            "curve-parameter-at-bound", .warning, .curves,
            meaning: "The fit ended with a parameter on its bound: the standards do not determine the curve well.",
            advice: "Check the top and bottom standards; consider excluding outliers."),
        .init(
            "duplicate-statistic", .warning, .curves,
            meaning: "A well has two values of the same statistic for one analyte; the first is used.",
            advice: "Check the export for duplicated sections."),
        .init(
            "invalid-dilution", .warning, .curves,
            meaning: "A well's dilution factor is missing or not positive; its concentration is not recomputed.",
            advice: "Correct the dilution factor in the instrument software."),
        .init(
            "low-bead-count", .warning, .curves,
            meaning:
                "Fewer beads were counted in the well than the minimum (the file's own setting, or the configured default); the value is flagged.",
            advice: "Check the bead regions and sample preparation; rerun wells with too few beads."),
        .init(
            "no-quantifiable-range", .warning, .curves,
            meaning: "No standard back-calculates within the accepted recovery range: no concentrations can be reported from this curve.",
            advice: "Reject or rerun the plate for this analyte."),
        .init(
            "no-standards", .warning, .curves,
            meaning: "The plate has no standard wells for this analyte; no concentrations are recomputed.",
            advice: "Nothing to do if the instrument's concentrations are to be used as they are."),
        .init(
            "standard-expected-conflict", .warning, .curves,
            meaning: "Two wells of the same standard give different expected concentrations; the first is used.",
            advice: "Correct the standard concentrations in the protocol."),
        .init(
            "standard-expected-invalid", .warning, .curves,
            meaning: "A standard's expected concentration is not a positive number; the standard is not used.",
            advice: "Correct the standard concentrations in the protocol."),
        .init(
            "standard-series-damaged", .warning, .curves,
            meaning:
                "A standard's expected concentration is off by a factor of 1000 (a locale round-trip); repaired, or no curve when it cannot be decided.",
            advice: "Fix the expected concentrations in the protocol (decimal separator) and export again."),
        .init(
            "standard-series-inconsistent", .warning, .curves,
            meaning: "The standards' concentrations do not form a dilution series, so they were not checked for damage.",
            advice: "Check the standard concentrations in the protocol."),
        .init(
            "standard-series-not-monotone", .warning, .curves,
            meaning: "Two standards break the order of the dilution series; no curve is fitted.",
            advice: "Correct the standard concentrations in the protocol."),
        .init(
            "standard-without-expected", .warning, .curves,
            meaning: "A standard well has no expected concentration; it is not used for the curve.",
            advice: "Fill in the expected concentrations in the protocol."),
        .init(
            "standard-without-response", .warning, .curves,
            meaning: "A standard well has no response value (MFI or signal); it is not used for the curve.",
            advice: "Check the well on the plate."),
        .init(
            "standard-recovery-out-of-range", .warning, .curves,
            meaning: "A standard back-calculates outside the accepted recovery range (e.g. 70–130 %).",
            advice: "Review the standard on the plate QC page; exclude it if it is an outlier."),
        .init(
            "unit-missing", .warning, .curves,
            meaning: "The standards give no concentration unit; recomputed values are stored without one.",
            advice: "Set the unit in the protocol."),
        .init(
            "well-missing", .warning, .curves,
            meaning: "Measurements carry no well; replicate wells of one sample are merged by name.",
            advice: "Export with well locations."),
        .init(
            "well-sample-conflict", .warning, .curves,
            meaning: "A well holds two different sample names; the second is ignored by curve analysis.",
            advice: "Check the plate layout."),
        .init(
            "well-type-missing", .warning, .curves,
            meaning: "Measurements carry no well type (standard, control, blank, unknown); they are treated as unknown samples.",
            advice: "Export with well types or give a plate layout."),
    ]

    static let panels: [DiagnosticCode] = [
        .init(
            "ambiguous-mapping", .warning, .panels,
            meaning: "A population name matches more than one rule of the panel; it is kept under its source name.",
            advice: "Make the panel's patterns specific enough to match one rule."),
        .init(
            "derivation-missing-input", .warning, .panels,
            meaning: "A derived value (percent of an ancestor, ratio, absolute count) lacks one of its inputs for this sample.",
            advice: "Export the missing population or statistic."),
        .init(
            "duplicate-mapping", .error, .panels,
            meaning: "Two rules of the panel map the same name.",
            advice: "Remove one of the two rules."),
        .init(
            "missing-absolute-method", .error, .panels,
            meaning: "The panel asks for absolute counts but has no absolute_counts section.",
            advice: "Add absolute_counts with method beads or dual_platform."),
        .init(
            "missing-blood-count", .warning, .panels,
            meaning: "No same-day lymphocyte count for the sample, so the dual-platform absolute count is missing.",
            advice: "Add the blood count of that date to the blood counts file."),
        .init(
            "missing-treg-definition", .error, .panels,
            meaning: "A population depends on how Tregs are gated but the panel does not say how.",
            advice: "Add treg_definition to the rule."),
        .init(
            "not-an-ancestor", .error, .panels,
            meaning: "A 'percent of' names a population that is not an ancestor in the canonical tree.",
            advice: "Use a ratio instead, or the right ancestor."),
        .init(
            "panel-required", .error, .panels,
            meaning: "Blood counts were given without a panel; they are used only for a panel's absolute counts.",
            advice: "Give --panel as well."),
        .init(
            "unknown-denominator", .warning, .panels,
            meaning: "A frequency's parent gate cannot be told from its name.",
            advice: "Give the panel mapping a denominator."),
        .init(
            "unknown-population", .error, .panels,
            meaning: "The panel names a population code that is not in the catalogue.",
            advice: "Use one of the codes listed in the message (docs/panels.md)."),
        .init(
            "unknown-treg-definition", .error, .panels,
            meaning: "The Treg definition is not one immunopipe knows.",
            advice: "Use one of the definitions listed in the message."),
        .init(
            "unmapped-population", .warning, .panels,
            meaning: "A population matches no rule of the panel; it is kept under its source name, flagged unmapped.",
            advice: "Add a rule to the panel if the population should be analysed."),
        .init(
            "zero-divisor", .warning, .panels,
            meaning: "A derived value's divisor is zero, so the value is not available.",
            advice: "Check the parent population's count."),
    ]

    static let linkage: [DiagnosticCode] = [
        .init(
            "plate-layout-missing", .warning, .linkage,
            meaning:
                "A plate file names wells, not samples (MESO plate .txt), and no plate layout was given: its signals are stored per well, not linked to samples, and no standard curve is fitted.",
            advice: "Ingest it again with --plate-layout, a Well, Sample, Type table in the plate-CSV vocabulary (docs/plate-csv.md)."),
        .init(
            "well-not-in-layout", .warning, .linkage,
            meaning:
                "Wells with signals are not in the plate layout; their values are stored under the well name and not linked to a sample.",
            advice: "Add the wells to the plate layout, or ignore the warning if those wells were empty."),
        .init(
            "duplicate-sample", .errorOrWarning, .linkage,
            meaning: "A sample repeats an earlier line of the manifest (a warning when identical, an error when it conflicts).",
            advice: "Remove the repeated line or correct the conflicting one."),
        .init(
            "invalid-regex", .error, .linkage,
            meaning: "A pattern in the configuration is not a valid regular expression.",
            advice: "Correct the pattern (the message shows it)."),
        .init(
            "missing-group", .error, .linkage,
            meaning: "Without a manifest the linkage pattern needs named groups for subject, visit and date.",
            advice: "Add the named group named in the message."),
        .init(
            "unknown-group", .error, .linkage,
            meaning: "A named group of the linkage pattern is not subject, visit or date.",
            advice: "Rename the group."),
        .init(
            "unknown-sample", .warning, .linkage,
            meaning: "A sample is not in the manifest (or does not match the pattern): stored, flagged unlinked.",
            advice: "Add the sample to the manifest; it is linked when the file is reprocessed."),
    ]

    static let validation: [DiagnosticCode] = [
        .init(
            "count-exceeds-parent", .error, .validation,
            meaning: "A population's count is larger than its parent's; the value is not stored.",
            advice: "Check the gating (the gate may be drawn outside its parent)."),
        .init(
            "duplicate-value", .error, .validation,
            meaning: "The same value for the same sample, population and statistic appears twice; the repeat is rejected.",
            advice: "Check the export for merged or duplicated rows."),
        .init(
            "frequency-count-mismatch", .error, .validation,
            meaning: "A frequency disagrees with the counts of the population and its parent beyond the panel's tolerance.",
            advice: "Check which statistic is stale; re-export from a recomputed workspace."),
        .init(
            "frequency-out-of-range", .error, .validation,
            meaning: "A percentage is outside 0–100.",
            advice: "Check the statistic exported."),
        .init(
            "implausible-value", .warning, .validation,
            meaning: "A population's share of its parent is outside the panel's plausible range; stored, flagged.",
            advice: "Review the gating of this sample."),
        .init(
            "missing-denominator", .error, .validation,
            meaning: "A percentage does not say what it is a percentage of.",
            advice: "Give the mapping a denominator in the panel."),
        .init(
            "negative-count", .error, .validation,
            meaning: "An event count is negative.",
            advice: "Correct the value."),
        .init(
            "negative-value", .error, .validation,
            meaning: "A value that cannot be negative (a concentration, a percentage) is negative.",
            advice: "Correct the value."),
        .init(
            "non-whole-count", .warning, .validation,
            meaning: "An event count is written with a fraction; it was rounded to whole events (the raw text is kept).",
            advice: "Check the statistic exported: counts of events are whole numbers."),
    ]

    static let configuration: [DiagnosticCode] = [
        .init(
            "yaml-duplicate-key", .error, .configuration,
            meaning: "A key is written twice in the same mapping of a YAML file.",
            advice: "Remove one of the two keys."),
        .init(
            "yaml-invalid-value", .error, .configuration,
            meaning: "A value in a YAML file has the wrong type or is out of range (the message names the key path).",
            advice: "Correct the value at the key path given."),
        .init(
            "yaml-missing-key", .error, .configuration,
            meaning: "A required key is missing from a YAML file.",
            advice: "Add the key named in the message."),
        .init(
            "yaml-syntax", .error, .configuration,
            meaning: "The YAML file is not valid YAML.",
            advice: "Correct the syntax at the line and column given (indentation, quotes)."),
        .init(
            "yaml-unknown-key", .error, .configuration,
            meaning: "A key is not one the schema knows (often a misspelling).",
            advice: "Use one of the keys listed in the message."),
    ]

    static let clinical: [DiagnosticCode] = [
        .init(
            "sledai-total-mismatch", .warning, .clinical,
            meaning:
                "A recorded SLEDAI-2K total differs from the weighted sum of the same visit's descriptors; the criteria use the descriptors' sum.",
            advice: "Check the visit's case report form: correct the total or the descriptor that was entered wrongly."),
        .init(
            "duplicate-baseline", .error, .clinical,
            meaning: "Two candidate baselines on the same day for one subject and parameter; the analysis cannot choose.",
            advice: "Resolve the duplicate measurement in the store or the clinical file."),
        .init(
            "duplicate-first-dose", .error, .clinical,
            meaning: "A subject has two first-dose (or randomization) dates.",
            advice: "Correct the first-dose file."),
        .init(
            "invalid-date", .errorOrWarning, .clinical,
            meaning: "A date is not a valid date (yyyy-mm-dd, or the format the column declares).",
            advice: "Correct the date."),
        .init(
            "mixed-units", .error, .clinical,
            meaning: "One subject's parameter is recorded in two different units.",
            advice: "Convert the values to one unit, or map them to separate parameters."),
        .init(
            "value-out-of-range", .error, .clinical,
            meaning:
                "A clinical score lies outside the range its instrument declares in the study definition (PHGA 10.4 on a 0–10 scale); the row is used by no criterion.",
            advice: "Correct the value in the clinical file (a typing or unit error), or the instrument's min/max in the study definition."),
    ]
}
