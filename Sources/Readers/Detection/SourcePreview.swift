import Domain
import FileIO
import Foundation

/// The first bytes of a file, decoded, for format recognition.
public struct SourcePreview: Sendable {
    public var file: SourceFile
    /// Up to the first 64 KiB, decoded with the detected encoding, BOM removed.
    public var text: String
    public var encoding: TextEncoding
    /// The first bytes exactly as stored (binary formats such as xlsx are recognised by these).
    public var head: [UInt8]

    public init(file: SourceFile, head: [UInt8], complete: Bool) {
        self.file = file
        self.head = head
        let (enc, bom) = head.withUnsafeBufferPointer { TextEncoding.detect($0, complete: complete) }
        encoding = enc
        text = head.withUnsafeBufferPointer { enc.decode(UnsafeBufferPointer(rebasing: $0[bom...])) }
    }

    public static func load(_ file: SourceFile, bytes: Int = 65536) throws -> SourcePreview {
        guard let h = FileHandle(forReadingAtPath: file.path) else {
            throw FileRejected(
                file.location(line: 1), code: "unreadable-file",
                "cannot open the file for reading (missing, a directory, or no read permission)")
        }
        defer { try? h.close() }
        let data = (try? h.read(upToCount: bytes)) ?? Data()
        return SourcePreview(file: file, head: [UInt8](data), complete: data.count < bytes)
    }

    /// The file name's extension, lowercased.
    public var fileExtension: String {
        (file.displayName as NSString).pathExtension.lowercased()
    }

    /// Whether the decoded head contains `needle` (a marker such as `<Workspace`), compared byte
    /// for byte. Foundation's `contains` converted the whole head to UTF-16 for every file every
    /// reader was asked about: a sixtieth of a FlowJo plate ingest, spent on the workspace check.
    public func mentions(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var text = text, needle = needle
        return text.withUTF8 { hay in needle.withUTF8 { ByteSearch.firstOffset(of: $0, in: hay) != nil } }
    }

    /// The first `n` non-empty lines of the decoded head.
    public func lines(_ n: Int) -> [String] {
        // Bytes, stopping at the n-th line: splitting the whole head into characters first was
        // a twentieth of a plate export ingest (every reader asks for a line or two). CR and LF
        // never join another character (Unicode's grapheme rules), so this splits where
        // splitting at "\n", "\r" and "\r\n" did.
        var out: [String] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var i = start
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                if start != i {
                    out.append(String(text[start..<i]))
                    if out.count == n { return out }
                }
                start = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        if start != bytes.endIndex { out.append(String(text[start...])) }
        return out
    }
}
