import Domain
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SAX side of `FACSDivaReader`: follows `experiment/(tray/)specimen/tube`, collects a tube's
/// descriptive elements, keywords and `gates/gate` records, and emits the tube's values when it
/// closes (a tube's gates are few; the file may hold many tubes). Elements of the same names
/// elsewhere (plots' `gate` references, the global worksheets' gates and keywords) are ignored.
final class FACSDivaHandler: NSObject, StreamedXMLHandler {
    private let file: SourceFile
    private let sink: MeasurementSink

    private var elements: [String] = []
    private var text = ""
    private var capturing = false

    private var experiment = ""
    private var specimen = ""
    private var specimenControl = false
    private var specimenKeywords: [(String, String)] = []

    private var inTube = false
    private var tube = ""
    private var tubeLocation = SourceLocation(file: "")
    private var tubeFields: [String: String] = [:]
    private var tubeKeywords: [(String, String)] = []
    private var gates: [FACSDivaGate] = []
    private var gate: FACSDivaGate?
    private var keyword: (name: String, editable: Bool, value: String)?

    private(set) var sawRoot = false
    private(set) var tubes = 0
    /// The innermost element still open when parsing ended (a truncated file), if any.
    var unclosedElement: String? { elements.last }
    /// The sink's error (the pipeline was cancelled); parsing was aborted.
    private(set) var failure: Error?

    /// Tube elements kept for `extra` and the sample's description.
    static let tubeFieldNames: Set<String> = ["date", "data_filename", "data_begin_date", "data_instrument_name"]

    init(file: SourceFile, sink: MeasurementSink) {
        self.file = file
        self.sink = sink
    }

    // MARK: XMLParserDelegate

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        let parent = elements.last
        let grandparent = elements.count >= 2 ? elements[elements.count - 2] : nil
        elements.append(elementName)
        capturing = false
        guard failure == nil else { return }
        switch (elementName, parent) {
        case ("bdfacs", nil):
            sawRoot = true
        case ("experiment", "bdfacs"):
            experiment = attributes["name"]?.trimmingSpaces ?? ""
        case ("specimen", "experiment"), ("specimen", "tray"):
            specimen = attributes["name"]?.trimmingSpaces ?? ""
            specimenControl = FlowJoControlSample.isControl(specimen)
            specimenKeywords = []
        case ("is_calibration_control", "specimen"):
            startCapture()
        case ("tube", "specimen"):
            inTube = true
            tube = attributes["name"]?.trimmingSpaces ?? ""
            tubeLocation = file.location(line: parser.lineNumber, column: parser.columnNumber)
            tubeFields = [:]
            tubeKeywords = []
            gates = []
        case (_, "tube") where inTube && Self.tubeFieldNames.contains(elementName):
            startCapture()
        case ("keyword", "keywords") where grandparent == "specimen" || (grandparent == "tube" && inTube):
            keyword = (attributes["name"]?.trimmingSpaces ?? "", false, "")
        case ("edit_name", "keyword"), ("value", "keyword"):
            if keyword != nil { startCapture() }
        case ("gate", "gates") where grandparent == "tube" && inTube:
            gate = FACSDivaGate(
                fullname: attributes["fullname"]?.trimmingSpaces ?? "", type: attributes["type"] ?? "",
                numEventsLocation: file.location(line: parser.lineNumber, column: parser.columnNumber))
        case ("name", "gate"), ("parent", "gate"):
            if gate != nil { startCapture() }
        case ("num_events", "gate"):
            if gate != nil {
                // The parser stands on the start tag's `>`: the value starts one column on.
                gate!.numEventsLocation = file.location(line: parser.lineNumber, column: parser.columnNumber + 1)
                startCapture()
            }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { text += string }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
        qualifiedName: String?
    ) {
        elements.removeLast()
        let parent = elements.last
        let value = capturing ? text.trimmingSpaces : nil
        capturing = false
        guard failure == nil else { return }
        switch (elementName, parent) {
        case ("is_calibration_control", "specimen"):
            if value?.lowercased() == "true" { specimenControl = true }
        case (_, "tube") where inTube && Self.tubeFieldNames.contains(elementName):
            if let v = value, !v.isEmpty { tubeFields[elementName] = v }
        case ("edit_name", "keyword"):
            keyword?.editable = value?.lowercased() == "true"
        case ("value", "keyword"):
            keyword?.value = value ?? ""
        case ("keyword", "keywords"):
            // User keywords (editable names, filled in): what the lab typed about the sample.
            if let k = keyword, k.editable, !k.name.isEmpty, !k.value.isEmpty {
                if inTube { tubeKeywords.append((k.name, k.value)) } else { specimenKeywords.append((k.name, k.value)) }
            }
            keyword = nil
        case ("name", "gate"):
            gate?.name = value ?? ""
        case ("parent", "gate"):
            gate?.parent = value
        case ("num_events", "gate"):
            gate?.numEvents = value ?? ""
        case ("gate", "gates"):
            if let g = gate { gates.append(g) }
            gate = nil
        case ("tube", "specimen") where inTube:
            finishTube()
            inTube = false
        default:
            break
        }
        if failure != nil { parser.abortParsing() }
    }

    private func startCapture() {
        capturing = true
        text = ""
    }

    // MARK: A tube's values

    private func finishTube() {
        tubes += 1
        let fcs = tubeFields["data_filename"]
        let sample: String
        switch (specimen.isEmpty, tube.isEmpty) {
        case (false, false): sample = "\(specimen)_\(tube)"
        case (true, false): sample = tube
        default: sample = fcs ?? ""
        }
        guard !sample.isEmpty else {
            sink.report(.error(tubeLocation, code: "missing-sample", "a tube has no name and no data file name; its gates are not read"))
            return
        }
        let control = specimenControl || FlowJoControlSample.isControl(tube)
        var pairs: [(String, String)] = []
        if let fcs { pairs.append(("fcs_file", fcs)) }
        pairs.append(("specimen", specimen))
        pairs.append(("tube", tube))
        if !experiment.isEmpty { pairs.append(("experiment", experiment)) }
        if let acquired = tubeFields["data_begin_date"] ?? tubeFields["date"] { pairs.append(("acquired", acquired)) }
        if let instrument = tubeFields["data_instrument_name"] { pairs.append(("instrument", instrument)) }
        var seen = Set(pairs.map(\.0))
        for (k, v) in tubeKeywords + specimenKeywords where seen.insert(k).inserted { pairs.append((k, v)) }
        var emitter = FACSDivaTubeEmitter(
            sample: sample, flags: control ? MeasurementFlag.control.rawValue : "",
            extra: JSONText.object(pairs), sink: sink)
        emitter.emit(gates)
        if let error = emitter.failure {
            failure = error
        } else if emitter.emitted == 0 {
            sink.report(
                .warning(
                    tubeLocation, code: "sample-without-values",
                    "tube '\(sample)' has no gates with events: nothing is stored for it"))
        }
    }
}
