import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Temporary files no live process owns: what a killed writer left in `tmp/` (raw copies,
/// partial segments and results, shard manifests) and outside it (an export's
/// `*.partial-<token>`, a report's staging folder with its spill files). Any command that opens
/// a store for writing removes them; `status` only lists them.
public struct TemporaryLeftovers: Sendable, Codable {
    public struct Entry: Sendable, Codable, Hashable {
        public var path: String
        public var bytes: Int64
    }
    public var entries: [Entry] = []
    public var bytes: Int64 { entries.map(\.bytes).reduce(0, +) }

    /// Finds the leftovers in the temporary folder `tmp` (read only).
    public static func find(in tmp: String) -> TemporaryLeftovers {
        var out = TemporaryLeftovers()
        for owner in deadOwners(in: tmp) {
            for p in owner.paths + owner.restores.map(\.previous) where FileManager.default.fileExists(atPath: p) {
                // An owner's empty folder is no leftover worth reporting.
                if (try? FileManager.default.contentsOfDirectory(atPath: p))?.isEmpty == true { continue }
                out.entries.append(Entry(path: p, bytes: StoreStatus.diskUse(of: p).bytes))
            }
        }
        return out
    }

    /// Removes the leftovers of dead owners in `tmp`; returns what was removed.
    @discardableResult
    public static func clean(in tmp: String) -> TemporaryLeftovers {
        var removed = TemporaryLeftovers()
        for owner in deadOwners(in: tmp) {
            // A swap cut between its two renames: the previous content goes back first.
            for (previous, destination) in owner.restores where !FileManager.default.fileExists(atPath: destination) {
                rename(previous, destination)
            }
            for p in owner.paths + owner.restores.map(\.previous) {
                let size = StoreStatus.diskUse(of: p).bytes
                if (try? FileManager.default.removeItem(atPath: p)) != nil { removed.entries.append(Entry(path: p, bytes: size)) }
            }
            // The lock goes last: while it exists, a cleaner killed half way is finished by the next.
            owner.lockFiles.forEach { unlink($0) }
        }
        return removed
    }

    struct DeadOwner {
        /// What to remove: the owner's folder, its external files, legacy temp files.
        var paths: [String]
        var lockFiles: [String]
        var restores: [(previous: String, destination: String)] = []
    }

    /// Owners of entries in `tmp` that are no longer alive.
    static func deadOwners(in tmp: String) -> [DeadOwner] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: tmp) else { return [] }
        var dead: [DeadOwner] = []
        let tokens = Set(names.compactMap(Self.token(of:)))
        for t in tokens.sorted() where !TemporaryOwner.isAlive(token: t, in: tmp) {
            let lock = "\(tmp)/\(t).lock"
            let initial = "\(lock).\(TemporaryOwner.initialSuffix)"
            // A lock being created (`.lock.init`, renamed within microseconds) is left alone
            // unless it is old: its owner may be starting right now.
            if names.contains("\(t).lock.\(TemporaryOwner.initialSuffix)") && !isOld(initial) { continue }
            let list = "\(tmp)/\(t).external"
            let lines = ((try? String(contentsOfFile: list, encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            var external: [String] = []
            var restores: [(String, String)] = []
            for line in lines {
                let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if f.count == 3, f[0] == TemporaryOwner.restoreTag { restores.append((f[1], f[2])) } else { external.append(line) }
            }
            dead.append(DeadOwner(paths: ["\(tmp)/\(t)"] + external, lockFiles: [list, lock, initial], restores: restores))
        }
        // Files of writers from before owner tokens: `raw-<pid>-…`, `batch-<id>-<pid>.h5.partial`,
        // `results-<pid>-…`, `manifest-<pid>-…`. Only a pid on this host can tell; a live pid keeps them.
        for name in names where token(of: name) == nil {
            guard let pid = legacyPid(name), !FileSync.processIsAlive(pid) else { continue }
            dead.append(DeadOwner(paths: ["\(tmp)/\(name)"], lockFiles: []))
        }
        return dead
    }

    /// `w` + 16 hex digits, from `<token>`, `<token>.lock`, `<token>.external`, `<token>.lock.init`.
    static func token(of name: String) -> String? {
        let t = name.prefix { $0 != "." }
        guard t.count == 17, t.first == "w", t.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
        return String(t)
    }

    static func legacyPid(_ name: String) -> Int32? {
        let parts = name.split(separator: "-")
        switch parts.first {
        case "raw", "results", "manifest": return parts.count > 1 ? Int32(parts[1]) : nil
        case "batch": return parts.count > 2 ? Int32(parts[2].prefix { $0.isNumber }) : nil
        default: return nil
        }
    }

    static func isOld(_ path: String) -> Bool {
        guard let m = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return true }
        return Date().timeIntervalSince(m) > 60
    }
}
