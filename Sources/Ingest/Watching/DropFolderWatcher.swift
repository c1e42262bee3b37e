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
        if let e = fm.enumerator(atPath: directory) {
            for case let rel as String in e {
                let parts = rel.split(separator: "/")
                if parts.contains(where: { Self.isTransferName(String($0)) }) { continue }
                let path = (directory as NSString).appendingPathComponent(rel)
                guard let attrs = try? fm.attributesOfItem(atPath: path),
                      attrs[.type] as? FileAttributeType == .typeRegular,
                      let size = (attrs[.size] as? NSNumber)?.int64Value,
                      let modified = attrs[.modificationDate] as? Date else { continue }
                now[path] = Stamp(size: size, modified: modified)
            }
        }
        var ready: [SourceFile] = []
        for (path, stamp) in now where lastSeen[path] == stamp && taken[path] != stamp && stamp.size > 0 {
            taken[path] = stamp
            ready.append(SourceFile(path: path))
        }
        lastSeen = now
        return ready.sorted { $0.path < $1.path }
    }
}
