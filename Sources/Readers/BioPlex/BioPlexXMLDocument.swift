import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The parts of a Bio-Plex Manager XML export (`<bpm:BioPlexManager>`, schema Bio-Plex_5) the
/// reader uses, each value with the line and column of its element.
struct BioPlexXMLDocument {
    struct Text {
        var text: String
        var line: Int
        var column: Int
        var attributes: [String: String] = [:]
    }

    /// `<Wells><Well RowNo ColNo>`: acquisition data per physical well (exports may hold only
    /// some wells here).
    struct Well {
        var row: Int
        var column: Int
        var plateID = ""
        var acquisitionTime = ""
        var protocolName = ""
        var serialNumber = ""
        var softwareVersion = ""
        /// `StopReadingCriteria BeadCount`: the beads per region the protocol asks for.
        var minimumBeadCount: Double?
        /// Bead region → `RegionCount`.
        var regionCounts: [String: Text] = [:]
    }

    struct Interpolator {
        var region: String
        var analyte = ""
        var units = ""
        var regression = ""
        var isValid = false
        var equationError = ""
        var elements: [String] = []
    }

    struct MemberAnalyte {
        var region: String
        var name = ""
        var reading: Text?
        var obsConc: Text?
    }

    struct MemberWell {
        var row: Int
        var column: Int
        var wellNumber: String
        var analytes: [MemberAnalyte] = []
    }

    /// A `<Standard>`, `<Control>`, `<Blank>` or `<Unknown>` sample with its replicate wells.
    struct Sample {
        var role: WellRole
        var label = ""
        var description = ""
        var dilution: Text?
        /// Bead region → (analyte name, `ExpectedConc`).
        var expected: [String: Text] = [:]
        var members: [MemberWell] = []
    }

    var rootAttributes: [String: String] = [:]
    var authorName = ""
    var documentName = ""
    var wells: [Well] = []
    var interpolators: [Interpolator] = []
    var samples: [Sample] = []
}

/// Streams the XML into `BioPlexXMLDocument`. The per-bead event dump (`BeadEventData`, most of
/// the file) is skipped without being collected.
final class BioPlexXMLParser: NSObject, XMLParserDelegate {
    private(set) var document = BioPlexXMLDocument()
    private(set) var sawRoot = false
    /// Names of the root's child elements (`Wells`, `StandardCurves`, `Samples`…), in order.
    private(set) var sections: [String] = []
    /// False when the input ended inside an element (a truncated file); swift-corelibs'
    /// XMLParser does not always report that as an error.
    var isComplete: Bool { path.isEmpty && skipDepth == 0 }

    private var path: [String] = []
    private var texts: [String] = []
    private var starts: [(line: Int, column: Int, attributes: [String: String])] = []
    private var skipDepth = 0

    private var well: BioPlexXMLDocument.Well?
    private var region: String?
    private var interpolator: BioPlexXMLDocument.Interpolator?
    private var sample: BioPlexXMLDocument.Sample?
    private var sampleAnalyteRegion: String?
    private var member: BioPlexXMLDocument.MemberWell?
    private var memberAnalyte: BioPlexXMLDocument.MemberAnalyte?

    private static let roles: [String: WellRole] = ["Standard": .standard, "Control": .control, "Blank": .blank, "Unknown": .unknown]

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes a: [String: String] = [:]
    ) {
        let name = Self.local(elementName)
        if skipDepth > 0 || name == "BeadEventData" {
            skipDepth += 1
            return
        }
        path.append(name)
        texts.append("")
        starts.append((parser.lineNumber, parser.columnNumber, a))
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        if path.count == 2, sawRoot { sections.append(name) }
        switch name {
        case "BioPlexManager" where path.count == 1:
            sawRoot = true
            document.rootAttributes = a
        case "Well" where parent == "Wells":
            well = .init(row: Int(a["RowNo"] ?? "") ?? 0, column: Int(a["ColNo"] ?? "") ?? 0)
        case "StopReadingCriteria" where well != nil:
            well?.minimumBeadCount = a["BeadCount"].flatMap { NumberParsing.decimal($0.trimmingSpaces) }
        case "BeadRegion" where well != nil:
            region = a["RegionNumber"]
        case "Interpolator":
            interpolator = .init(region: a["RegionNumber"] ?? "", isValid: a["IsValid"] == "true")
        case _ where Self.roles[name] != nil && ["Standards", "Controls", "Blanks", "Unknowns"].contains(parent):
            sample = .init(role: Self.roles[name]!)
        case "Analyte" where sample != nil && parent == "Analytes":
            sampleAnalyteRegion = a["RegionNumber"]
        case "MemberWell" where sample != nil:
            member = .init(row: Int(a["RowNo"] ?? "") ?? 0, column: Int(a["ColNo"] ?? "") ?? 0, wellNumber: a["WellNumber"] ?? "")
        case "MWAnalyte" where member != nil:
            memberAnalyte = .init(region: a["RegionNumber"] ?? "")
        default:
            if interpolator != nil, parent == "Interpolator" { interpolator?.elements.append(name) }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if skipDepth == 0, !texts.isEmpty { texts[texts.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        let name = path.removeLast()
        let raw = texts.removeLast()
        let start = starts.removeLast()
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let value = BioPlexXMLDocument.Text(text: text, line: start.line, column: start.column, attributes: start.attributes)
        let parent = path.last ?? ""
        switch name {
        case "AuthorName" where path.count == 1: document.authorName = text
        case "NativeDocumentName" where path.count == 1: document.documentName = text
        case "Well" where parent == "Wells":
            if let w = well { document.wells.append(w) }
            well = nil
        case "PlateID" where well != nil: well?.plateID = text
        case "AcquisitionTime" where well != nil: well?.acquisitionTime = text
        case "RunProtocolDocumentName" where well != nil: well?.protocolName = text
        case "SerialNumber" where well != nil && parent == "MachineInfo": well?.serialNumber = text
        case "SoftwareVersion" where well != nil: well?.softwareVersion = text
        case "RegionCount" where well != nil:
            if let r = region { well?.regionCounts[r] = value }
        case "BeadRegion": region = nil
        case "AnalyteName" where interpolator != nil: interpolator?.analyte = text
        case "ConcentrationUnits" where interpolator != nil: interpolator?.units = text
        case "Regression" where interpolator != nil: interpolator?.regression = text
        case "EquationErr" where interpolator != nil: interpolator?.equationError = text
        case "Interpolator":
            if let i = interpolator { document.interpolators.append(i) }
            interpolator = nil
        case "Label" where sample != nil && member == nil: sample?.label = text
        case "Description" where sample != nil && member == nil: sample?.description = text
        case "Dilution" where sample != nil && member == nil: sample?.dilution = value
        case "ExpectedConc" where sampleAnalyteRegion != nil: sample?.expected[sampleAnalyteRegion!] = value
        case "Analyte" where sampleAnalyteRegion != nil && parent == "Analytes": sampleAnalyteRegion = nil
        case "AnalyteName" where memberAnalyte != nil: memberAnalyte?.name = text
        case "Reading" where memberAnalyte != nil: memberAnalyte?.reading = value
        case "MWObsConc" where memberAnalyte != nil: memberAnalyte?.obsConc = value
        case "MWAnalyte":
            if let a = memberAnalyte { member?.analytes.append(a) }
            memberAnalyte = nil
        case "MemberWell":
            if let m = member { sample?.members.append(m) }
            member = nil
        case _ where Self.roles[name] != nil && ["Standards", "Controls", "Blanks", "Unknowns"].contains(parent):
            if let s = sample { document.samples.append(s) }
            sample = nil
        default: break
        }
    }

    private static func local(_ qualified: String) -> String {
        if let i = qualified.lastIndex(of: ":") { return String(qualified[qualified.index(after: i)...]) }
        return qualified
    }
}
