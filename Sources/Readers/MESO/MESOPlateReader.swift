import Domain
import Foundation

/// MESO instrument plate files (Methodical Mind / MMPR `.txt`, MESO QuickPlex, Sector): the raw
/// electrochemiluminescence (ECL) signal of every spot of every well, before any analysis.
///
/// A file holds one or more plate tables. Each starts with a `Key : value` header (tab after
/// the colon; `FileName`, `Barcode1`, `Type` such as `96 Multi-Spot 10`, `Read Time`, `Spots Per
/// Well`, `SpotID`, `Assays`…; continuation lines such as the spot `Legend` are kept with their
/// key), then `=====Data=====`, a line of plate column numbers, and per plate row a line
/// labelled with the row letter (`A`…`H`, or `A`…`P` on 384-well plates) followed by unlabelled
/// lines for the well's further spots. Line k of a row is spot k (a table with a numeric `SpotID`
/// holds that one spot); a spot whose line is empty was not read (a "missing spot") and gives no
/// value. Sections after the data (`Processing`, `Statistics`, `Camera Status`, `Waveform`) are
/// instrument diagnostics and not read.
///
/// Each cell → statistic `signal` (no unit: ECL counts), analyte = the spot's assay from the
/// `Assays` header when named, else `Spot <n>`. The file names no samples, so every value's
/// sample is its well (`A1`), role unknown; a plate layout given at ingest (`--plate-layout`, a
/// plate-CSV-style table) links wells to samples, roles and standard concentrations.
public struct MESOPlateReader: MeasurementReader {
    public let format = SourceFormat(id: "meso-txt", parserVersion: "1.0.0")
    public init() {}

    /// Header keys that only MESO plate files write; with a `Data` banner they identify the format.
    static let signatureKeys: Set<String> = ["Barcode1", "Plate #", "Stack ID", "Det Param", "Spots Per Well"]
    /// Files larger than this are refused: a 384-well plate with 10 spots is well under 1 MiB.
    static let maximumSize = 64 << 20

    public func recognizes(_ preview: SourcePreview) -> Bool {
        var keys = 0
        for line in preview.lines(80) {
            if MESOLine.banner(line) == "Data" { return keys >= 2 }
            if let (key, _) = MESOLine.keyValue(line), Self.signatureKeys.contains(key) { keys += 1 }
        }
        return false
    }

    public func read(_ file: SourceFile, into sink: MeasurementSink) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > Self.maximumSize {
            throw FileRejected(
                file.location(), code: "file-too-large",
                "\(size) bytes is more than the \(Self.maximumSize >> 20) MiB a MESO plate file can be")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw FileRejected(file.location(), code: "unreadable-file", "cannot open the file for reading")
        }
        let bytes = [UInt8](data)
        let (encoding, bom) = bytes.withUnsafeBufferPointer { TextEncoding.detect($0, complete: true) }
        if encoding != .utf8 {
            sink.report(.warning(file.location(), code: "legacy-encoding", "the file is not UTF-8; read as \(encoding.rawValue)"))
        }
        let text = bytes.withUnsafeBufferPointer { encoding.decode(UnsafeBufferPointer(rebasing: $0[bom...])) }
        var parser = MESOPlateParser(file: file, sink: sink)
        try parser.parse(MESOLine.split(text))
        guard parser.tables > 0 else {
            throw FileRejected(
                file.location(line: 1), code: "no-rows",
                "no `=====Data=====` table with signal rows: nothing to read")
        }
        // A table whose rows are all missing (or a file cut off after its column numbers)
        // holds nothing: say so rather than store an empty plate.
        guard parser.values > 0 else {
            throw FileRejected(
                file.location(line: 1), code: "no-rows",
                "the Data table\(parser.tables > 1 ? "s have" : " has") no signal values: nothing to read")
        }
        sink.attach(parser.run.table)
    }
}

/// Line-level syntax of MESO plate files.
enum MESOLine {
    /// Lines with their 1-based numbers; CRLF, LF and CR all end a line.
    static func split(_ text: String) -> [(number: Int, text: String)] {
        var out: [(Int, String)] = []
        var n = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            n += 1
            out.append((n, String(line)))
        }
        if let last = out.last, last.1.isEmpty { out.removeLast() }
        return out
    }

    /// `==========Data=====` → `Data`; nil for any other line.
    static func banner(_ line: String) -> String? {
        let t = line.trimmingSpaces
        guard t.hasPrefix("=====") else { return nil }
        return t.filter { $0 != "=" }.trimmingSpaces
    }

    /// `Read Time:\t08/15/2023\t17:23:13 EDT` → (`Read Time`, `08/15/2023 17:23:13 EDT`). The
    /// key is the text before the first colon; it must start the line (indented lines continue
    /// the previous key). A literal `\t` some exports write for the tab is accepted.
    static func keyValue(_ line: String) -> (key: String, value: String)? {
        guard let first = line.first, first != " ", first != "\t", let colon = line.firstIndex(of: ":") else { return nil }
        let key = String(line[..<colon]).trimmingSpaces
        guard !key.isEmpty, !key.contains("\t") else { return nil }
        var rest = String(line[line.index(after: colon)...])
        if rest.hasPrefix("\\t") { rest = String(rest.dropFirst(2)) }
        let value = rest.split(separator: "\t", omittingEmptySubsequences: true).map { String($0).trimmingSpaces }
            .filter { !$0.isEmpty }.joined(separator: " ")
        return (key, value)
    }
}
