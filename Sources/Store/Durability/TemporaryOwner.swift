import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Who owns what in a store's `tmp/`: every process that writes into a store holds an exclusive
/// `flock` on `tmp/<token>.lock` for as long as it runs, and keeps its temporary files under
/// `tmp/<token>/`. The kernel drops the lock when the process dies however it dies (SIGKILL,
/// power cut, OOM), so "is the owner alive?" is answered by trying the lock, not by a pid:
/// a reused pid, a writer in another pid namespace (container) or on another host sharing the
/// store (NFS v4 and Lustre pass flock on as byte-range locks) are all told apart correctly.
///
/// Files a writer creates outside `tmp/` (an export's `*.partial-<token>`, a report's staging
/// folder beside `--out`) are listed in `tmp/<token>.external` *before* they are created, so
/// whoever cleans up after a dead owner finds them too.
public final class TemporaryOwner: @unchecked Sendable {
    /// One token per process, shared by every store it opens.
    public static let token: String = {
        var bytes = [UInt8](repeating: 0, count: 8)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        return "w" + bytes.map { String(format: "%02x", $0) }.joined()
    }()

    /// The owner's folder for temporary files (`tmp/<token>`).
    public let directory: String
    let lockPath: String
    private let fd: Int32
    private let lock = NSLock()

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var owners: [String: TemporaryOwner] = [:]

    /// This process's owner in the temporary folder `tmp` (created and locked on first use).
    static func current(in tmp: String) throws -> TemporaryOwner {
        registryLock.lock()
        defer { registryLock.unlock() }
        if let o = owners[tmp] { return o }
        let o = try TemporaryOwner(tmp: tmp)
        if owners.isEmpty { atexit { TemporaryOwner.releaseAll() } }
        owners[tmp] = o
        return o
    }

    /// At a normal exit: everything this process kept in `tmp/` is its own and unneeded now
    /// (whatever it published was renamed out), so it goes, the lock last. A killed process
    /// leaves them to the next writer's clean-up.
    private static func releaseAll() {
        registryLock.lock()
        defer { registryLock.unlock() }
        for o in owners.values {
            try? FileManager.default.removeItem(atPath: o.directory)
            unlink("\(o.directory).external")
            unlink(o.lockPath)
        }
        owners.removeAll()
    }

    private init(tmp: String) throws {
        lockPath = "\(tmp)/\(Self.token).lock"
        directory = "\(tmp)/\(Self.token)"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        // Locked under a name cleaners leave alone, then renamed: `<token>.lock` never exists
        // unlocked while its owner lives, so no cleaner can take a starting writer for dead.
        let initial = "\(lockPath).\(Self.initialSuffix)"
        fd = open(initial, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw StoreError.io("create \(initial)", errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { throw StoreError.io("lock \(initial)", errno) }
        guard rename(initial, lockPath) == 0 else { throw StoreError.io("rename \(initial)", errno) }
        // Who holds it, for people reading `status` (never used to decide liveness).
        let note = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName)\n"
        _ = note.withCString { write(fd, $0, strlen($0)) }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else { throw StoreError.io("create \(directory)", errno) }
    }

    static let initialSuffix = "init"

    /// A fresh path inside this owner's folder (nothing created).
    public func path(_ prefix: String, suffix: String = "") -> String {
        "\(directory)/\(prefix)-\(UUID().uuidString)\(suffix)"
    }

    /// Records a temporary path outside `tmp/` before the caller creates it. After a normal exit
    /// the list goes (whatever it names was renamed into place or removed); after a kill the
    /// cleaner removes what it names.
    public func register(external path: String) throws {
        try append(path)
    }

    /// Records that `previous` holds `destination`'s former content during a swap: if the owner
    /// dies before `destination` is back, the cleaner renames `previous` back to it.
    func register(restore previous: String, to destination: String) throws {
        try append("\(Self.restoreTag)\t\(previous)\t\(destination)")
    }

    static let restoreTag = "restore"

    private func append(_ entry: String) throws {
        lock.lock()
        defer { lock.unlock() }
        let list = "\(directory).external"
        let f = open(list, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard f >= 0 else { throw StoreError.io("create \(list)", errno) }
        defer { close(f) }
        let line = Array((entry + "\n").utf8)
        guard line.withUnsafeBytes({ write(f, $0.baseAddress, $0.count) }) == line.count, fsync(f) == 0 else {
            throw StoreError.io("write \(list)", errno)
        }
    }

    /// Whether the owner of `token` in the temporary folder `tmp` is a live process: its lock
    /// file is locked by someone. A missing lock file means a dead (or cleaned) owner.
    static func isAlive(token: String, in tmp: String) -> Bool {
        if token == Self.token { return true }
        let f = open("\(tmp)/\(token).lock", O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard f >= 0 else { return false }
        defer { close(f) }
        if flock(f, LOCK_SH | LOCK_NB) == 0 {
            flock(f, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }
}
