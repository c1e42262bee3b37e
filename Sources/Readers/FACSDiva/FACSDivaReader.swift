import Domain
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// BD FACSDiva experiment export (`facsdiva-xml`): the XML FACSDiva writes with *File → Export →
/// Experiment* (root element `bdfacs`). An `experiment` holds `specimen`s (directly or inside
/// `tray`s for plate runs), each specimen its `tube`s, and each tube its gate hierarchy under
/// `gates`: one `gate` per population, named by `fullname` (`All Events\P1\P2`, backslash
/// separated), with its `num_events` and its `parent`'s fullname. The global worksheets under
/// `acquisition_worksheets` are templates, not samples, and are not read.
///
/// A tube is a sample, named `<specimen>_<tube>` as FACSDiva names its exported FCS files. Values
/// are emitted exactly as a FlowJo workspace's: the root gate (`All Events`) is the ungated
/// sample, stored as the `count` of `TOTAL`; every other gate gets its `count` and its
/// `freq_of_parent` computed from the two counts, with the gate path written as FlowJo writes
/// it (`P1/P2/CD4+`: the root left out, `/` between names) so that one panel maps both. A
/// top-level gate's denominator is `TOTAL`. Quadrant gates (`Q1`…`Q4`) are children of the gate
/// the quadrant was drawn on; the hidden `Composite_Classifier` that holds them (`$1510583636921`)
/// is not a population and is skipped.
///
/// A tube whose `All Events` has 0 events was not recorded or not analysed when the experiment
/// was exported: its counts are stored as not available (NaN, raw `0`) with one warning, never as
/// zeros. The FCS file name (`data_filename`), specimen, tube, experiment, acquisition date and
/// instrument, and the tube's user keywords (`SAMPLE ID`, `PATIENT ID`… when filled) go to
/// `extra`. Specimens and tubes named as controls (unstained, FMO, compensation…) or marked
/// `is_calibration_control` are flagged `control`. Locations are the line and column of the
/// `num_events` value. The file is streamed (SAX).
public struct FACSDivaReader: MeasurementReader {
    public let format = SourceFormat(id: "facsdiva-xml", parserVersion: "1.0.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        preview.mentions("<bdfacs") && (preview.mentions("<experiment") || preview.fileExtension == "xml")
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let handler = FACSDivaHandler(file: file, sink: sink)
        // Through the shared safe entry point: a damaged name would otherwise trap inside
        // Foundation's parser and take the whole batch with it.
        try SafeXMLParser.parseStreamed(file, with: handler, document: "the FACSDiva export")
        if !handler.sawRoot {
            throw FileRejected(
                file.location(line: 1), code: "not-facsdiva",
                "the file is XML but not a FACSDiva experiment export (no <bdfacs> root element)")
        }
        if handler.tubes == 0 {
            throw FileRejected(
                file.location(), code: "no-samples",
                "the FACSDiva export has no tubes (no specimen/tube elements; global worksheets are templates, not samples)")
        }
    }
}
