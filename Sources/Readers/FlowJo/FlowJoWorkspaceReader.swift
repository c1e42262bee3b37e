import Domain
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// FlowJo 10 workspace (`flowjo-wsp`, XML). Each `SampleList/Sample/SampleNode` is a sample and
/// the `Population` elements nested under it through `Subpopulations` are its gates, each with
/// FlowJo's own event `count`; boolean gates (`NotNode`, `OrNode`, `AndNode`) are gates too, with
/// their names. So population counts and frequencies can be read without the FCS files.
///
/// Emitted per sample: the SampleNode's `count`, the ungated sample's events, as the `count` of
/// `TOTAL` (source name "", the sample's gate path), so that a sample without gates is stored;
/// a sample with neither is reported (`sample-without-values`). Emitted per gate: `count`
/// (events) and `freq_of_parent` derived from the counts (the parent is the enclosing gate, or
/// the ungated sample for top-level gates, denominator `TOTAL`; NaN with qualifier
/// `not_available` when the parent has no events or a count is missing). Gates whose path would
/// pass `FlowJoGatePath.maximumLength` are not read (`gate-path-too-long`): this keeps a deeply
/// nested workspace linear in time and memory. FlowJo's own
/// `Statistic` elements are emitted too: `fj.stat.freqofgrandparent|freqoftotal|freqof` as %
/// (`freq_of` with the named ancestor's path as denominator), and channel statistics (`Median`,
/// `Mean`, `Geometric Mean`, `CV`, `SD`…) with `parameter` = their channel. `Count` and
/// `fj.stat.freqofparent` repeat the derived values and are skipped; statistics of the whole
/// sample (not of a gate) are skipped with one warning.
///
/// The sample is the SampleNode's name as FlowJo shows it (what its table exports write); the FCS
/// file name (`$FIL` keyword, else the DataSet URI) goes to `extra` as `fcs_file`. Analytes are
/// full gate paths as written (`Time/Singlets/aAmine-/CD3+/CD4+`). `count="-1"` (not computed)
/// is stored as NaN, `not_available`, with a warning. Locations are the line and column of the
/// attribute value read. The file is streamed (SAX); a file that is not well-formed XML is
/// rejected at the place the parser stopped.
public struct FlowJoWorkspaceReader: MeasurementReader {
    public let format = SourceFormat(id: "flowjo-wsp", parserVersion: "1.0.0")
    public init() {}

    public func recognizes(_ preview: SourcePreview) -> Bool {
        guard preview.mentions("<Workspace") else { return false }
        return preview.fileExtension == "wsp" || preview.mentions("flowJoVersion") || preview.mentions("<SampleList")
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let handler = FlowJoWorkspaceHandler(file: file, sink: sink, locator: XMLAttributeLocator(path: file.path))
        try SafeXMLParser.parseStreamed(file, with: handler, document: "the workspace")
        if handler.samples == 0 {
            throw FileRejected(
                file.location(), code: "no-samples",
                "the workspace has no samples (no SampleNode under SampleList)")
        }
        handler.finish()
    }
}
