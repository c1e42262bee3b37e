import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// SAX delegates for the four parts of a workbook the readers need. Element names are matched
/// on their local part, so `x:row` (a prefixed SpreadsheetML namespace) reads like `row`.
private func localName(_ qualified: String) -> Substring {
    if let i = qualified.lastIndex(of: ":") { return qualified[qualified.index(after: i)...] }
    return Substring(qualified)
}

/// What the four parsers share: the delegate calls, with each element name reduced to its local
/// part. A part's parser overrides the calls it needs.
class XlsxPartParser: NSObject, XMLParserDelegate {
    func start(_ element: Substring, attributes attributeDict: [String: String]) {}
    func end(_ element: Substring) {}
    func text(_ string: String) {}

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        start(localName(elementName), attributes: attributeDict)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        end(localName(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }
}

/// `xl/sharedStrings.xml`: `<si>` items, each the concatenation of its `<t>` runs (phonetic
/// `<rPh>` runs excluded).
final class XlsxSharedStringsParser: XlsxPartParser {
    private(set) var strings: [String] = []
    private var current = ""
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0

    override func start(_ element: Substring, attributes attributeDict: [String: String]) {
        switch element {
        case "si":
            inItem = true
            current = ""
        case "rPh": phoneticDepth += 1
        case "t": inText = inItem && phoneticDepth == 0
        default: break
        }
    }

    override func end(_ element: Substring) {
        switch element {
        case "si":
            strings.append(current)
            inItem = false
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }

    override func text(_ string: String) {
        if inText { current += string }
    }
}

/// `xl/workbook.xml`: the sheets in tab order, with their relationship ids.
final class XlsxWorkbookParser: XlsxPartParser {
    private(set) var sheets: [(name: String, relationshipID: String)] = []

    override func start(_ element: Substring, attributes attributeDict: [String: String]) {
        guard element == "sheet" else { return }
        let name = attributeDict["name"] ?? ""
        let rid = attributeDict.first { localName($0.key) == "id" }?.value ?? ""
        sheets.append((name, rid))
    }
}

/// A `.rels` part: relationship id → target.
final class XlsxRelationshipsParser: XlsxPartParser {
    private(set) var targets: [String: String] = [:]

    override func start(_ element: Substring, attributes attributeDict: [String: String]) {
        guard element == "Relationship", let id = attributeDict["Id"],
            let target = attributeDict["Target"]
        else { return }
        targets[id] = target
    }
}

/// A worksheet: rows of cells. Cells without a reference take the next column, rows without a
/// number the next row, as Excel does.
final class XlsxSheetParser: XlsxPartParser {
    private let sharedStrings: [String]
    private(set) var rows: [SheetRow] = []
    private(set) var problems: [String] = []
    /// False when the part ended inside a row (truncated XML that XMLParser let through).
    var isComplete: Bool { !inRow }

    private var rowNumber = 0
    private var cells: [SheetCell] = []
    private var inRow = false
    private var cellColumn = 0
    private var cellType = ""
    private var cellRef = ""
    private var value = ""
    private var inlineText = ""
    private var capturing: Capture = .none

    private enum Capture { case none, value, inlineText }

    init(sharedStrings: [String]) {
        self.sharedStrings = sharedStrings
    }

    override func start(_ element: Substring, attributes attributeDict: [String: String]) {
        switch element {
        case "row":
            inRow = true
            if let r = attributeDict["r"], let n = Int(r) { rowNumber = n } else { rowNumber += 1 }
            cells = []
            cellColumn = 0
        case "c" where inRow:
            cellRef = attributeDict["r"] ?? ""
            if let ref = CellReference.parse(cellRef) {
                cellColumn = ref.column
                if ref.row != rowNumber { problems.append("cell \(cellRef) lies outside its row \(rowNumber)") }
            } else {
                cellColumn += 1
            }
            cellType = attributeDict["t"] ?? "n"
            value = ""
            inlineText = ""
        case "v": capturing = .value
        case "t" where cellType == "inlineStr": capturing = .inlineText
        default: break
        }
    }

    override func end(_ element: Substring) {
        switch element {
        case "v", "t": capturing = .none
        case "c" where inRow:
            if let cell = makeCell() { cells.append(cell) }
        case "row":
            inRow = false
            rows.append(SheetRow(number: rowNumber, cells: cells.sorted { $0.column < $1.column }))
        default: break
        }
    }

    override func text(_ string: String) {
        switch capturing {
        case .value: value += string
        case .inlineText: inlineText += string
        case .none: break
        }
    }

    private func makeCell() -> SheetCell? {
        switch cellType {
        case "s":
            guard let i = Int(value.trimmingSpaces), i >= 0, i < sharedStrings.count else {
                if !value.isEmpty { problems.append("cell \(cellRef) refers to shared string \(value), which does not exist") }
                return nil
            }
            return SheetCell(column: cellColumn, text: sharedStrings[i], kind: .string)
        case "inlineStr":
            return SheetCell(column: cellColumn, text: inlineText, kind: .string)
        case "str":
            return SheetCell(column: cellColumn, text: value, kind: .string)
        case "b":
            return SheetCell(column: cellColumn, text: value == "1" ? "TRUE" : "FALSE", kind: .boolean)
        case "e":
            return SheetCell(column: cellColumn, text: value, kind: .error)
        default: // "n", "d" (ISO date text)
            if value.isEmpty { return nil }
            return SheetCell(column: cellColumn, text: value, kind: cellType == "d" ? .string : .number)
        }
    }
}
