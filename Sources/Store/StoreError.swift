import Foundation

/// Everything the store can refuse or fail at, with a message a data manager can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case notAStore(String)
    case alreadyExists(String)
    case io(String, Int32)
    case corrupt(String)
    case conflict(String)
    case invalid(String)
    /// Another generation became current while a batch was written into `from`.
    case generationSwitched(from: Int64, to: Int64)
    /// The disk (or quota) is full: `path` is where the store was writing.
    case diskFull(String)

    public var description: String {
        switch self {
        case .notAStore(let p): return "\(p) is not an immunopipe study store (run `immunopipe init` first)"
        case .alreadyExists(let p): return "\(p) already exists"
        case .io(let what, let code): return "\(what): \(String(cString: strerror(code)))"
        case .corrupt(let m): return "store is damaged: \(m)"
        case .conflict(let m): return m
        case .invalid(let m): return m
        case .generationSwitched(let from, let to):
            return "generation \(to) became current while this batch was written into generation \(from)"
        case .diskFull(let p):
            return
                "no space left on device while writing \(p): nothing from this command was stored (committed data is intact); free some space and run it again"
        }
    }
}

extension StoreError {
    /// `error` as `diskFull(path)` when it comes from a full disk or quota (a failed write,
    /// fsync or rename with ENOSPC/EDQUOT, HDF5's file driver reporting it, SQLite's
    /// SQLITE_FULL); otherwise `error` itself.
    public static func classify(_ error: any Error, writing path: String) -> any Error {
        if case StoreError.diskFull = error { return error }
        if case StoreError.io(_, let code) = error, code == ENOSPC || code == EDQUOT { return StoreError.diskFull(path) }
        // Foundation's file writes (Data.write, FileManager) wrap the errno.
        let ns = error as NSError
        let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
        if (ns.domain == NSCocoaErrorDomain && ns.code == CocoaError.fileWriteOutOfSpace.rawValue)
            || [ns, underlying].contains(where: { $0?.domain == NSPOSIXErrorDomain && ($0?.code == Int(ENOSPC) || $0?.code == Int(EDQUOT)) }
            )
        {
            return StoreError.diskFull(path)
        }
        let text = "\(error)"
        if text.contains("No space left on device") || text.contains("Disk quota exceeded")
            || text.contains("SQLite error 13") || text.contains("database or disk is full")
        {
            return StoreError.diskFull(path)
        }
        // SQLite reports a file it cannot grow as a plain I/O error (10), often while opening
        // (the shared-memory index): the free space tells a full disk from a broken one.
        if text.contains("SQLite error 10"), freeBytes(at: path).map({ $0 < 1 << 20 }) ?? false {
            return StoreError.diskFull(path)
        }
        return error
    }
}

/// Bytes available to this user on the filesystem holding `path` (nil when unknown).
func freeBytes(at path: String) -> Int64? {
    var s = statvfs()
    guard statvfs(path, &s) == 0 else { return nil }
    return Int64(s.f_bavail) * Int64(s.f_frsize)
}
