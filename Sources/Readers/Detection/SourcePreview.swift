import Domain
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

    /// The first `n` non-empty lines of the decoded head.
    public func lines(_ n: Int) -> [String] {
        var out: [String] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            out.append(String(line))
            if out.count == n { break }
        }
        return out
    }
}
