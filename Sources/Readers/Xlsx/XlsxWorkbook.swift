import Domain
import FileIO
import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A read-only Office Open XML workbook (`.xlsx`): unzipped with ZIPFoundation, its parts read
/// with XMLParser. Enough of SpreadsheetML for instrument exports: sheet names in tab order,
/// shared and inline strings, numbers as stored, booleans and error values. Formulas are not
/// evaluated (their cached result is read), styles are ignored, so dates stay serial numbers.
///
/// Diagnostics use the spreadsheet's own coordinates: line = row number, column = column number.
public final class XlsxWorkbook {
    public struct Sheet: Sendable, Hashable {
        public var name: String
        /// The part inside the archive (`xl/worksheets/sheet1.xml`).
        public var path: String
    }

    public let file: SourceFile
    public private(set) var sheets: [Sheet] = []
    private let archive: Archive
    private var sharedStrings: [String] = []

    /// Parts larger than this are refused: a worksheet of an instrument export is a few MB, and
    /// a bound keeps a damaged or hostile archive from exhausting memory.
    static let maximumPartSize: UInt64 = 256 << 20

    public init(_ file: SourceFile) throws {
        self.file = file
        // A ZIP archive starts with a local file header ("PK\u{3}\u{4}"). Checked first: opening
        // a large text file as an archive makes ZIPFoundation search it for a directory.
        var magic = [UInt8](repeating: 0, count: 4)
        let got = magic.withUnsafeMutableBytes { raw in (FileInput(path: file.path).flatMap { try? $0.read(into: raw) }) ?? 0 }
        guard got == 4, magic == [0x50, 0x4B, 0x03, 0x04] else {
            throw FileRejected(file.location(), code: "not-xlsx", "the file is not a ZIP archive, so not an .xlsx workbook")
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: file.path), accessMode: .read)
        } catch {
            throw FileRejected(file.location(), code: "not-xlsx", "the file is not a ZIP archive, so not an .xlsx workbook (\(error))")
        }
        guard let workbookData = try part("xl/workbook.xml") else {
            throw FileRejected(file.location(), code: "not-xlsx", "the archive has no xl/workbook.xml: not an Excel workbook")
        }
        let workbook = XlsxWorkbookParser()
        try parse(workbookData, with: workbook, part: "xl/workbook.xml")
        let rels = XlsxRelationshipsParser()
        if let relsData = try part("xl/_rels/workbook.xml.rels") {
            try parse(relsData, with: rels, part: "xl/_rels/workbook.xml.rels")
        }
        for (name, rid) in workbook.sheets {
            guard let target = rels.targets[rid] else {
                throw FileRejected(
                    file.location(), code: "invalid-xlsx",
                    "sheet '\(name)' refers to relationship '\(rid)', which xl/_rels/workbook.xml.rels does not define")
            }
            sheets.append(Sheet(name: name, path: Self.resolve(target)))
        }
        if let sst = try part("xl/sharedStrings.xml") {
            let parser = XlsxSharedStringsParser()
            try parse(sst, with: parser, part: "xl/sharedStrings.xml")
            sharedStrings = parser.strings
        }
    }

    /// The rows of a sheet, in file order.
    public func rows(of sheet: Sheet) throws -> [SheetRow] {
        guard let data = try part(sheet.path) else {
            throw FileRejected(
                file.location(sheet: sheet.name), code: "invalid-xlsx", "sheet '\(sheet.name)' (\(sheet.path)) is missing from the archive")
        }
        let parser = XlsxSheetParser(sharedStrings: sharedStrings)
        try parse(data, with: parser, part: sheet.path)
        if !parser.isComplete {
            throw FileRejected(
                file.location(sheet: sheet.name), code: "invalid-xlsx", "sheet '\(sheet.name)' (\(sheet.path)) ends inside a row: truncated"
            )
        }
        if let problem = parser.problems.first {
            throw FileRejected(file.location(sheet: sheet.name), code: "invalid-xlsx", "sheet '\(sheet.name)': \(problem)")
        }
        return parser.rows
    }

    /// A relationship target relative to `xl/` (or absolute from the archive root).
    static func resolve(_ target: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = ["xl"]
        for p in target.split(separator: "/") {
            if p == ".." { if !parts.isEmpty { parts.removeLast() } } else if p != "." { parts.append(String(p)) }
        }
        return parts.joined(separator: "/")
    }

    private func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= Self.maximumPartSize else {
            throw FileRejected(
                file.location(), code: "invalid-xlsx",
                "\(path) would unpack to \(entry.uncompressedSize) bytes, more than the \(Self.maximumPartSize >> 20) MiB allowed")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if UInt64(data.count) > Self.maximumPartSize { throw CocoaError(.fileReadTooLarge) }
            }
        } catch {
            throw FileRejected(file.location(), code: "invalid-xlsx", "cannot unpack \(path): \(error)")
        }
        return data
    }

    private func parse(_ data: Data, with delegate: XMLParserDelegate, part: String) throws {
        try SafeXMLParser.parse(.data(data), delegate: delegate, file: file, part: part, code: "invalid-xlsx")
    }
}
