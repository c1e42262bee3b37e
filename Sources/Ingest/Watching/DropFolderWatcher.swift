import FileIO
import Foundation
import Readers

/// Finds files in a drop folder that are complete and not yet taken. Instruments and file
/// shares write exports over seconds, so a file is complete only when its size and modification
/// time were the same at two consecutive scans; names that announce a transfer in progress
/// (`.part`, `.tmp`, `.crdownload`, `~$…`, hidden files) are never taken. Each complete file is
/// returned once per (size, modification time): a file replaced with new content comes back,
/// and the store's SHA-256 check then decides whether its bytes are new.
public struct DropFolderWatcher {
    public let directory: String
    private var lastSeen: [String: Stamp] = [:]
    private var taken: [String: Stamp] = [:]
    private var reportedNames: Set<String> = []
    /// Files whose name is not valid UTF-8 (bytes as `\xNN`) first seen by the last scan: they
    /// cannot be read by name, and the caller must say so (once per file) rather than skip them.
    public private(set) var newUndecodableNames: [String] = []

    struct Stamp: Equatable {
        var size: Int64
        var modified: Date
    }

    public init(directory: String) { self.directory = directory }

    static let transferSuffixes = [".part", ".partial", ".tmp", ".crdownload", ".download", ".filepart"]

    static func isTransferName(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasPrefix("~$") || transferSuffixes.contains { name.lowercased().hasSuffix($0) }
    }

    /// One scan: the files that became complete since the previous scan, sorted by path.
    public mutating func scan() -> [SourceFile] {
        let fm = FileManager.default
        var now: [String: Stamp] = [:]
        let listing = DirectoryWalk.walk(directory, skip: Self.isTransferName)
        newUndecodableNames = listing.undecodable.filter { !reportedNames.contains($0) && !Self.isTransferName($0) }
        reportedNames = Set(listing.undecodable)
        for path in listing.files {
            guard let attrs = try? fm.attributesOfItem(atPath: path),
                let size = (attrs[.size] as? NSNumber)?.int64Value,
                let modified = attrs[.modificationDate] as? Date
            else { continue }
            now[path] = Stamp(size: size, modified: modified)
        }
        var ready: [SourceFile] = []
        for (path, stamp) in now where lastSeen[path] == stamp && taken[path] != stamp && stamp.size > 0 {
            taken[path] = stamp
            ready.append(SourceFile(path: path))
        }
        lastSeen = now
        return ready.sorted { $0.path < $1.path }
    }

    /// Offers `path` again at the next scans once it is complete: its ingest did not store it
    /// (another live process held it), and that process may die without storing it either.
    public mutating func retry(_ path: String) {
        taken[path] = nil
    }
}
