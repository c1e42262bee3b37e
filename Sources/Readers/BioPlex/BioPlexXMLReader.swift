import Domain
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Bio-Rad Bio-Plex Manager XML exports (`<bpm:BioPlexManager>`).
///
/// Values come from `<Samples>`: every member well of every standard, control, blank and
/// unknown gives `mfi` (its `Reading`, the region's median FI) and `concentration`
/// (`MWObsConc`; `ReadingOK="false"` is not available, its `ReadError` kept as raw text);
/// standards and controls add `expected_concentration`, samples with a `Dilution` add
/// `dilution`. `bead_count` comes from `<Wells>` where the export includes the well's bead
/// regions, and is flagged `low-bead-count` below the protocol's `StopReadingCriteria BeadCount`.
/// Line and column are those XMLParser reports at the value's element: where its text starts.
public struct BioPlexXMLReader: MeasurementReader {
    public let format = SourceFormat(id: "bioplex-xml", parserVersion: "1.1.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        preview.text.hasPrefix("<") && preview.mentions("BioPlexManager")
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file.path)) } catch {
            throw FileRejected(file.location(), code: "unreadable-file", "cannot read the file: \(error.localizedDescription)")
        }
        let delegate = BioPlexXMLParser()
        let parser = try SafeXMLParser.parse(.data(data), delegate: delegate, file: file)
        let doc = delegate.document
        guard delegate.isComplete else {
            throw FileRejected(
                file.location(line: parser.lineNumber), code: "invalid-xml",
                "the XML ends inside an element: the file is truncated")
        }
        guard delegate.sawRoot else {
            throw FileRejected(file.location(line: 1), code: "not-bioplex", "the root element is not BioPlexManager")
        }
        // Bio-Plex Manager always writes <Wells> (acquisition per physical well: bead counts,
        // plate ID). A file without it was cut or edited: its values cannot be QC'd, and
        // storing them as if complete would hide that.
        guard delegate.sections.contains("Wells") else {
            let present = delegate.sections.isEmpty ? "none" : delegate.sections.joined(separator: ", ")
            throw FileRejected(
                file.location(line: 1), code: "incomplete-bioplex-xml",
                "the Bio-Plex Manager XML has no <Wells> section (sections present: \(present)): the export is incomplete, bead counts and plate IDs are missing; export the plate again from Bio-Plex Manager"
            )
        }
        guard doc.samples.contains(where: { !$0.members.isEmpty }) else {
            throw FileRejected(file.location(), code: "no-well-data", "no <Samples> member wells: nothing to read")
        }
        try emit(doc, file: file, sink: sink)
        sink.attach(runTable(doc).table)
        let curves = curveRows(doc, file: file, sink: sink)
        if !curves.isEmpty { sink.attach(curves.table) }
    }

    private func emit(_ doc: BioPlexXMLDocument, file: SourceFile, sink: MeasurementSink) throws {
        var wells: [String: BioPlexXMLDocument.Well] = [:]
        for w in doc.wells { wells["\(w.row),\(w.column)"] = w }
        var units: [String: String] = [:]
        for i in doc.interpolators { units[i.region] = i.units }

        for sample in doc.samples {
            let name = sample.role == .unknown && !sample.description.isEmpty ? sample.description : sample.label
            for member in sample.members {
                guard let position = WellPosition(row: member.row, column: member.column) else {
                    sink.report(
                        .error(
                            file.location(), code: "invalid-well",
                            "member well RowNo=\(member.row) ColNo=\(member.column) of \(sample.label) is not a plate position: skipped"))
                    continue
                }
                let acquisition = wells["\(member.row),\(member.column)"]
                let context = CytokineWell(
                    sample: name, role: sample.role,
                    extra: [
                        ("well", position.name), ("well_number", member.wellNumber), ("label", sample.label),
                        ("description", sample.description), ("plate_id", acquisition?.plateID ?? ""),
                        ("dilution", sample.dilution.map { numberText(NumberParsing.decimal($0.text) ?? .nan) } ?? ""),
                    ])
                for analyte in member.analytes {
                    var out: [Domain.Measurement] = []
                    let unit = units[analyte.region] ?? ""
                    let more = [
                        ("bead_region", analyte.region),
                        ("reading_code", analyte.reading?.attributes["Code"] == "0" ? "" : analyte.reading?.attributes["Code"] ?? ""),
                        (
                            "outlier_type",
                            analyte.reading?.attributes["OutlierType"] == "None" ? "" : analyte.reading?.attributes["OutlierType"] ?? ""
                        ),
                    ]
                    func add(_ statistic: Statistic, _ t: BioPlexXMLDocument.Text, _ v: QualifiedValue, unit: String = "") {
                        out.append(
                            context.measurement(
                                analyte: analyte.name, statistic: statistic, value: v, unit: unit,
                                extra: more, line: t.line, column: t.column))
                    }
                    func parse(_ t: BioPlexXMLDocument.Text, _ what: String) -> QualifiedValue? {
                        QualifiedValue.cell(
                            t.text, at: file.location(line: t.line, column: t.column),
                            what: "\(what) of \(analyte.name) in \(position.name)", sink: sink)
                    }
                    if let r = analyte.reading {
                        if r.attributes["Valid"] == "false" {
                            add(CytokineStatistic.mfi, r, QualifiedValue(value: .nan, qualifier: .notAvailable, raw: r.text))
                        } else if let v = parse(r, "Reading") {
                            add(CytokineStatistic.mfi, r, v)
                        }
                    }
                    var count: Double?
                    if let c = acquisition?.regionCounts[analyte.region],
                        let v = QualifiedValue.count(c.text, at: file.location(line: c.line, column: c.column), sink: sink)
                    {
                        add(CytokineStatistic.beadCount, c, v)
                        if v.qualifier == .inRange { count = v.value }
                    }
                    if let c = analyte.obsConc {
                        if c.attributes["ReadingOK"] == "false" {
                            let reason = c.attributes["ReadError"] ?? c.text
                            add(
                                CytokineStatistic.concentration, c, QualifiedValue(value: .nan, qualifier: .notAvailable, raw: reason),
                                unit: unit)
                        } else if let v = parse(c, "MWObsConc") {
                            add(CytokineStatistic.concentration, c, v, unit: unit)
                        }
                    }
                    if sample.role == .standard || sample.role == .control, let e = sample.expected[analyte.region],
                        var v = parse(e, "ExpectedConc")
                    {
                        if v.qualifier == .inRange, v.value == 0 {
                            // An expected concentration of zero means none was entered (the
                            // interpolator says "All expected values set to zero").
                            v = QualifiedValue(value: .nan, qualifier: .notAvailable, raw: e.text)
                        }
                        add(CytokineStatistic.expectedConcentration, e, v, unit: unit)
                    }
                    if let d = sample.dilution, let v = parse(d, "Dilution") { add(CytokineStatistic.dilution, d, v) }
                    if let n = count, let minimum = acquisition?.minimumBeadCount, n < minimum {
                        for i in out.indices { out[i].addFlag(BeadCountThreshold.flag) }
                    }
                    for m in out { try sink.accept(m) }
                }
            }
        }
    }

    private func runTable(_ doc: BioPlexXMLDocument) -> InstrumentRun {
        var run = InstrumentRun()
        run.set("program", "Bio-Plex Manager")
        run.set("build", doc.rootAttributes["BioPlexManagerVersion"] ?? "")
        run.set("export_date", DateParsing.isoDate(doc.rootAttributes["XmlExportDateTime"] ?? "") ?? "")
        run.set("author", doc.authorName)
        run.set("document_name", doc.documentName)
        if let first = doc.wells.first {
            run.set("serial_number", first.serialNumber)
            run.set("plate_id", first.plateID)
            run.set("protocol_name", first.protocolName)
            run.set("software_version", first.softwareVersion)
            run.set("run_date", DateParsing.isoDate(first.acquisitionTime) ?? "")
            run.set("run_date_raw", first.acquisitionTime)
            run.set("min_bead_count", first.minimumBeadCount.map(numberText) ?? "")
        }
        var types: [String] = []
        for i in doc.interpolators where !i.regression.isEmpty && !types.contains(i.regression) { types.append(i.regression) }
        run.set("analysis_types", types.joined(separator: "; "))
        for i in doc.interpolators where !i.equationError.isEmpty {
            run.set("curve_error:\(i.analyte)", i.equationError)
        }
        return run
    }

    /// Valid interpolators would carry the fitted parameters; this export schema's parameter
    /// elements are not known here, so a valid curve is reported rather than guessed at.
    private func curveRows(_ doc: BioPlexXMLDocument, file: SourceFile, sink: MeasurementSink) -> [InstrumentCurve] {
        for i in doc.interpolators where i.isValid {
            sink.report(
                .warning(
                    file.location(), code: "curve-not-read",
                    "the standard curve of \(i.analyte) is valid but its parameters are not read (elements: \(i.elements.joined(separator: ", ")))"
                ))
        }
        return []
    }
}
