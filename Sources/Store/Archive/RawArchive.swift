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
        try publish(stage(source))
    }

    /// A file copied and hashed into the writer's temporary folder, not yet in the archive.
    public struct Staged: Sendable {
        public var sha256: String
        public var size: Int64
        /// The copy, readable until `publish` or `discard`.
        public var path: String
    }

    /// Copies `source` into the writer's temporary folder while hashing it. A `--strict`
    /// ingest reads from there and publishes only if the batch is stored, so a rejected batch
    /// leaves no raw bytes behind.
    public func stage(_ source: String) throws -> Staged {
        guard let input = FileInput(path: source) else {
            throw StoreError.io("open \(source)", errno)
        }
        let tmp = try TemporaryOwner.current(in: temporaryDirectory).path("raw")
        // Created read-only through the umask (the descriptor stays writable): archived bytes
        // are never modified, and a site's umask (027 for a study group…) is respected.
        let output = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o444)
        guard output >= 0 else { throw StoreError.io("create \(tmp)", errno) }
        var hasher = SHA256Hasher()
        let size: Int64
        do {
            size = try HashingCopy().copy(input, to: output, hashing: &hasher)
            close(output)
        } catch {
            close(output)
            try? FileManager.default.removeItem(atPath: tmp)
            if case StoreError.io(_, let code) = error, code == ENOSPC || code == EDQUOT { throw StoreError.diskFull(directory) }
            throw StoreError.io("copy \(source) into the archive: \(error)", EIO)
        }
        return Staged(sha256: hasher.hexDigest(), size: size, path: tmp)
    }

    /// Moves a staged copy into the archive (or drops it when the same bytes are there).
    public func publish(_ staged: Staged) throws -> Entry {
        let dest = path(for: staged.sha256)
        if FileManager.default.fileExists(atPath: dest) {
            try? FileManager.default.removeItem(atPath: staged.path)
        } else {
            try FileManager.default.createDirectory(
                atPath: (dest as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            do { try FileSync.publish(staged.path, as: dest) } catch {
                try? FileManager.default.removeItem(atPath: staged.path)
                throw error
            }
        }
        return Entry(sha256: staged.sha256, size: staged.size, path: dest)
    }

    /// Drops a staged copy.
    public func discard(_ staged: Staged) {
        try? FileManager.default.removeItem(atPath: staged.path)
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
