import FileIO
import Foundation

/// `raw/`: the exact bytes of every ingested file, stored under their SHA-256
/// (`raw/ab/abcdef…`), so that any batch can be re-derived later with new parsers or panels.
public struct RawArchive: Sendable {
    public let directory: String
    let temporaryDirectory: String

    /// An archived file.
    public struct Entry: Sendable, Hashable {
        public var sha256: String
        public var size: Int64
        public var path: String
    }

    /// Path of the archived bytes for a digest.
    public func path(for sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256)"
    }

    /// Copies `source` into the archive while hashing it, in one pass with bounded memory
    /// (see `HashingCopy`). Archiving the same bytes twice leaves one copy.
    public func archive(_ source: String) throws -> Entry {
        guard let input = FileInput(path: source) else {
            throw StoreError.io("open \(source)", errno)
        }
        let tmp = "\(temporaryDirectory)/raw-\(getpid())-\(UUID().uuidString)"
        let output = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw StoreError.io("create \(tmp)", errno) }
        var hasher = SHA256Hasher()
        let size: Int64
        do {
            size = try HashingCopy().copy(input, to: output, hashing: &hasher)
            close(output)
        } catch {
            close(output)
            try? FileManager.default.removeItem(atPath: tmp)
            throw StoreError.io("copy \(source) into the archive: \(error)", EIO)
        }
        let digest = hasher.hexDigest()
        let dest = path(for: digest)
        if FileManager.default.fileExists(atPath: dest) {
            try? FileManager.default.removeItem(atPath: tmp)
        } else {
            try FileManager.default.createDirectory(atPath: (dest as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try FileSync.publish(tmp, as: dest)
            chmod(dest, 0o444)
        }
        return Entry(sha256: digest, size: size, path: dest)
    }

    /// SHA-256 and size of a file without archiving it (for `validate`, and dedup checks).
    public static func digest(of path: String) throws -> (sha256: String, size: Int64) {
        guard let input = FileInput(path: path) else { throw StoreError.io("open \(path)", errno) }
        var hasher = SHA256Hasher()
        var size: Int64 = 0
        var chunk: [UInt8] = []
        while true {
            chunk.removeAll(keepingCapacity: true)
            guard try input.read(appendingTo: &chunk, count: 1 << 20) > 0 else { break }
            chunk.withUnsafeBytes { hasher.update($0) }
            size += Int64(chunk.count)
        }
        return (hasher.hexDigest(), size)
    }

    /// Every archived digest (for reprocessing).
    public func allDigests() throws -> [String] {
        let fm = FileManager.default
        guard let prefixes = try? fm.contentsOfDirectory(atPath: directory) else { return [] }
        var out: [String] = []
        for p in prefixes.sorted() where p.count == 2 {
            for name in try fm.contentsOfDirectory(atPath: "\(directory)/\(p)") where name.count == 64 {
                out.append(name)
            }
        }
        return out.sorted()
    }
}
