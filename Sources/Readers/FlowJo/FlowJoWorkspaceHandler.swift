import Domain
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SAX side of `FlowJoWorkspaceReader`: follows `SampleList/Sample/SampleNode` and the gate
/// tree nested under it through `Subpopulations`, and emits measurements as start tags arrive.
/// Template gate trees under `Groups/GroupNode` are not samples and are skipped.
final class FlowJoWorkspaceHandler: NSObject, StreamedXMLHandler {
    /// A node of the current sample's gate tree: the sample itself (path "") or a gate.
    struct Node {
        let path: String
        /// Events in the node; nil when FlowJo did not compute it (`count="-1"`) or it is unreadable.
        let count: Double?
        /// Element depth of the node's start tag, to know when it closes.
        let depth: Int
        /// False under a gate that has no name or whose path is too long: its subtree cannot be
        /// given paths.
        let valid: Bool
        /// 0 for the sample, 1 for its top-level gates…
        var level = 0
    }

    static let gateElements: Set<String> = ["Population", "NotNode", "OrNode", "AndNode"]

    private let file: SourceFile
    private let sink: MeasurementSink
    private let locator: XMLAttributeLocator?

    private var elements: [String] = []
    private var inSampleList = false
    private var fcsKeyword: String?
    private var dataSetFile: String?
    /// The current sample's name, flags and `extra`, its count of values, the sink's error.
    private var output: GatedSampleOutput
    private var sample: String { output.sample }
    private var nodes: [Node] = []
    private var rootStatistics = 0
    private var firstRootStatistic: SourceLocation?
    private var unknownStatistics: Set<String> = []
    /// Where the current SampleNode is, so that a sample nothing could be stored for is
    /// reported rather than vanishing.
    private var sampleLocation = SourceLocation(file: "")

    private(set) var samples = 0
    /// The innermost element still open when parsing ended (a truncated file), if any.
    var unclosedElement: String? { elements.last }
    var failure: Error? { output.failure }

    init(file: SourceFile, sink: MeasurementSink, locator: XMLAttributeLocator?) {
        self.file = file
        self.sink = sink
        self.output = GatedSampleOutput(sink: sink)
        self.locator = locator
    }

    /// Reports what was counted rather than repeated.
    func finish() {
        if let first = firstRootStatistic {
            sink.report(
                .warning(
                    first, code: "sample-statistic-skipped",
                    "\(rootStatistics) statistic\(rootStatistics == 1 ? "" : "s") of whole samples (not of a gate) not read; the first is here"
                ))
        }
    }

    // MARK: XMLParserDelegate

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        let parent = elements.last
        elements.append(elementName)
        guard failure == nil else { return }
        let depth = elements.count
        switch elementName {
        case "SampleList":
            inSampleList = true
        case "Sample" where inSampleList && parent == "SampleList":
            fcsKeyword = nil
            dataSetFile = nil
        case "DataSet" where inSampleList && parent == "Sample":
            dataSetFile = attributes["uri"].flatMap(Self.fileName(fromURI:))
        case "Keyword" where inSampleList && nodes.isEmpty && attributes["name"] == "$FIL":
            fcsKeyword = attributes["value"]?.trimmingSpaces
        case "SampleNode" where inSampleList && parent == "Sample":
            startSample(attributes, depth: depth, parser)
        case _ where Self.gateElements.contains(elementName):
            if let owner = nodes.last, parent == "Subpopulations", owner.depth == depth - 2 {
                startGate(elementName, attributes, owner: owner, depth: depth, parser)
            }
        case "Statistic":
            if let owner = nodes.last,
                (parent == "Subpopulations" && owner.depth == depth - 2) || owner.depth == depth - 1
            {
                statistic(attributes, owner: owner, parser)
            }
        default:
            break
        }
        if failure != nil { parser.abortParsing() }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
        qualifiedName: String?
    ) {
        if let last = nodes.last, last.depth == elements.count {
            nodes.removeLast()
            if nodes.isEmpty, last.valid, output.emitted == 0, failure == nil {
                sink.report(
                    .warning(
                        sampleLocation, code: "sample-without-values",
                        "sample '\(sample)' has no gates and no event count: nothing is stored for it"))
            }
        }
        if elementName == "SampleList" { inSampleList = false }
        elements.removeLast()
    }

    // MARK: Nodes

    private func startSample(_ attributes: [String: String], depth: Int, _ parser: XMLParser) {
        let location = file.location(line: parser.lineNumber, column: parser.columnNumber)
        let fcs = fcsKeyword.flatMap { $0.isEmpty ? nil : $0 } ?? dataSetFile
        let name = attributes["name"]?.trimmingSpaces ?? ""
        let sample = name.isEmpty ? (fcs ?? "") : name
        samples += 1
        if sample.isEmpty {
            sink.report(.error(location, code: "missing-sample", "a SampleNode has no name and no FCS file name; its gates are not read"))
        }
        let control = FlowJoControlSample.isControl(sample) || fcs.map(FlowJoControlSample.isControl) == true
        output.start(
            sample: sample, flags: control ? MeasurementFlag.control.rawValue : "",
            extra: fcs.map { JSONText.object([("fcs_file", $0)]) } ?? "")
        sampleLocation = location
        var count: Double?
        if !sample.isEmpty {
            // The ungated sample's events: stored as the count of `TOTAL`, the denominator of its
            // top-level gates, so that a sample without gates is stored too.
            let countLocation = attributeLocation("count", parser)
            if let raw = attributes["count"] {
                count = readCount(raw, analyte: PopulationCatalogue.totalEvents, path: "", at: countLocation)
            } else {
                sink.report(
                    .warning(
                        countLocation, code: "missing-count",
                        "sample '\(sample)' has no count attribute: its total events are not stored"))
            }
        }
        nodes = [Node(path: "", count: count, depth: depth, valid: !sample.isEmpty)]
    }

    private func startGate(
        _ element: String, _ attributes: [String: String], owner: Node, depth: Int,
        _ parser: XMLParser
    ) {
        let name = attributes["name"] ?? ""
        guard owner.valid, !name.isEmpty else {
            if owner.valid {
                sink.report(
                    .error(
                        file.location(line: parser.lineNumber, column: parser.columnNumber),
                        code: "missing-gate-name", "a \(element) has no name; it and the gates under it are not read"))
            }
            nodes.append(Node(path: "", count: nil, depth: depth, valid: false))
            return
        }
        let level = owner.level + 1
        // Checked before the path is built: building it is what would cost O(depth) per gate.
        if owner.path.utf8.count + 1 + name.utf8.count > FlowJoGatePath.maximumLength {
            sink.report(
                .error(
                    file.location(line: parser.lineNumber, column: parser.columnNumber),
                    code: "gate-path-too-long",
                    "\(element) '\(Self.abbreviated(name))' (level \(level), under '\(Self.abbreviated(owner.path))') has a gate path longer than \(FlowJoGatePath.maximumLength) characters; it and the gates under it are not read"
                ))
            nodes.append(Node(path: "", count: nil, depth: depth, valid: false))
            return
        }
        let path = owner.path.isEmpty ? name : owner.path + "/" + name
        let location = attributeLocation("count", parser)
        var count: Double?
        if let raw = attributes["count"] {
            count = readCount(raw, analyte: path, path: path, at: location)
            if count != nil || NumberParsing.decimal(raw.trimmingSpaces) != nil {
                output.emitFrequencyOfParent(path, count: count, parentPath: owner.path, parentCount: owner.count, at: location)
            }
        } else {
            sink.report(.warning(location, code: "missing-count", "gate '\(path)' has no count attribute"))
        }
        nodes.append(Node(path: path, count: count, depth: depth, valid: true, level: level))
    }

    /// Emits the count of gate `path` ("" for the whole sample, whose analyte is `TOTAL`);
    /// returns it when it is a usable number.
    private func readCount(_ raw: String, analyte: String, path: String, at location: SourceLocation) -> Double? {
        let what = path.isEmpty ? "sample '\(sample)'" : "gate '\(path)'"
        guard let v = NumberParsing.decimal(raw.trimmingSpaces), v.isFinite else {
            sink.report(.error(location, code: "non-numeric-value", "count '\(raw)' of \(what) is not a number"))
            return nil
        }
        if v < 0 {
            // FlowJo writes -1 for a gate whose events it has not counted (e.g. never recomputed).
            sink.report(
                .warning(
                    location, code: "count-not-computed",
                    "FlowJo did not compute the count of \(what) (count=\"\(raw)\")"))
            output.emit(
                analyte, source: path, .count, denominator: "", parameter: "", value: .nan, unit: "events",
                qualifier: .notAvailable, raw: raw, at: location)
            return nil
        }
        var value = v
        var rawValue = ""
        if !WholeCount.isWhole(v) {
            sink.report(
                .warning(
                    location, code: "non-whole-count",
                    "count '\(raw)' of \(what) is not a whole number of events; rounded"))
            value = v.rounded()
            rawValue = raw
        }
        output.emit(
            analyte, source: path, .count, denominator: "", parameter: "", value: value, unit: "events",
            qualifier: .inRange, raw: rawValue, at: location)
        return value
    }

    /// `name` cut to its first and last 40 characters when longer, for messages.
    static func abbreviated(_ name: String) -> String {
        guard name.count > 100 else { return name }
        return "\(name.prefix(40))…\(name.suffix(40))"
    }

    // MARK: Statistics

    /// One of FlowJo's own `Statistic` elements. `Count` and `fj.stat.freqofparent` repeat what
    /// the gate's `count` gives and are skipped; FlowJo stores frequencies as fractions, stored
    /// here as %; channel statistics carry their channel in `id`.
    private func statistic(_ attributes: [String: String], owner: Node, _ parser: XMLParser) {
        guard owner.valid else { return }
        let name = attributes["name"] ?? ""
        if name == "Count" || name == "fj.stat.freqofparent" { return }
        let location = attributeLocation("value", parser)
        if owner.path.isEmpty {
            rootStatistics += 1
            if firstRootStatistic == nil { firstRootStatistic = location }
            return
        }
        let path = owner.path
        var statistic: Statistic
        var denominator = ""
        var parameter = ""
        var unit = "%"
        var scale = 100.0
        switch name {
        case "fj.stat.freqofgrandparent":
            statistic = .freqOfGrandparent
            denominator = FlowJoGatePath.denominatorName(FlowJoGatePath.ancestor(of: path, levels: 2))
        case "fj.stat.freqoftotal":
            statistic = .freqOfTotal
            denominator = PopulationCatalogue.totalEvents
        case "fj.stat.freqof":
            statistic = .freqOf
            let ancestor = attributes["ancestor"] ?? ""
            if let resolved = FlowJoGatePath.resolve(ancestorNamed: ancestor, in: path) {
                denominator = resolved
            } else {
                denominator = ancestor
                sink.report(
                    .warning(
                        location, code: "unresolved-ancestor",
                        "no gate above '\(path)' is named '\(ancestor)'; denominator kept as written"))
            }
        default:
            unit = ""
            scale = 1
            parameter = attributes["id"] ?? ""
            if let known = FlowJoStatisticName.channelStatistics[name.lowercased()] {
                statistic = known
            } else {
                statistic = Statistic(FlowJoStatisticName.snakeCase(name))
                if unknownStatistics.insert(name).inserted {
                    sink.report(
                        .warning(
                            location, code: "unknown-statistic",
                            "'\(name)' is not a FlowJo statistic this reader knows; values kept with statistic '\(statistic)'"))
                }
            }
        }
        let text = attributes["value"] ?? ""
        guard let cell = FlowJoCellValue.parse(text, decimalComma: false) else {
            sink.report(
                .error(
                    location, code: "non-numeric-value",
                    "value '\(text)' of statistic '\(name)' on gate '\(path)' is not a number"))
            return
        }
        output.emit(
            path, source: path, statistic, denominator: denominator, parameter: parameter,
            value: cell.value.isNaN ? cell.value : cell.value * scale, unit: unit,
            qualifier: cell.qualifier, raw: cell.raw, at: location)
    }

    /// Where `attribute`'s value is, in the start tag the parser has just read; the tag's end
    /// when the attribute cannot be placed more exactly.
    private func attributeLocation(_ attribute: String, _ parser: XMLParser) -> SourceLocation {
        let line = parser.lineNumber
        let tagEnd = parser.columnNumber
        let column = locator?.valueColumn(of: attribute, line: line, tagEnd: tagEnd) ?? tagEnd
        return file.location(line: line, column: column)
    }

    /// `file:/C:/Users/x/Tube%20001.fcs` → `Tube 001.fcs`.
    static func fileName(fromURI uri: String) -> String? {
        let last = uri.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let decoded = last.removingPercentEncoding ?? last
        return decoded.isEmpty ? nil : decoded
    }
}
