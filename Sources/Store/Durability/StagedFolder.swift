import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A folder of outputs written whole, then swapped in for `destination`: readers of
/// `destination` see the previous complete set of files or the new one, never a mix, and a
/// writer killed half way leaves `destination` as it was.
///
/// The staging folder is a fresh sibling (`.NAME.partial-<owner token>`, same filesystem, so
/// the swap is a rename), created with mode 0700 by `mkdir`, which fails if anything (a planted
/// symlink included) is at that name: no other user can put a link where an output is about to
/// be written. It is listed with the store's temporary files of this process first, so a
/// killed writer's staging folder is removed, and a swap interrupted between its two renames is
/// completed backwards (the previous folder put back), by the next command that writes.
public final class StagedFolder {
    public let path: String
    public let destination: String
    private let ownerOnly: Bool
    private let owner: TemporaryOwner
    private var done = false

    /// `replaceable(name)` says whether an entry already in `destination` may be replaced (is
    /// an output of an earlier run); anything else makes this refuse rather than delete it.
    /// `ownerOnly`: the published folder is readable by its owner alone (0700).
    public init(replacing destination: String, store: StudyStore, ownerOnly: Bool, replaceable: (String) -> Bool) throws {
        let dest = URL(fileURLWithPath: destination).standardizedFileURL.path
        self.destination = dest
        self.ownerOnly = ownerOnly
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: dest, isDirectory: &isDir) {
            guard isDir.boolValue else { throw StoreError.invalid("\(dest) exists and is not a folder") }
            let foreign = try fm.contentsOfDirectory(atPath: dest).filter { !replaceable($0) }.sorted()
            guard foreign.isEmpty else {
                throw StoreError.invalid(
                    "\(dest) holds files this command does not write (\(foreign.prefix(5).joined(separator: ", "))): it would replace the whole folder; give a new or empty folder, or an earlier output of the same command"
                )
            }
        }
        let parent = (dest as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        owner = try store.owner()
        path = "\(parent)/.\((dest as NSString).lastPathComponent).partial-\(TemporaryOwner.token)"
        try owner.register(external: path)
        guard mkdir(path, 0o700) == 0 else { throw StoreError.classify(StoreError.io("create \(path)", errno), writing: parent) }
    }

    deinit { if !done { discard() } }

    /// Swaps the staging folder in for the destination (whose previous content is removed).
    public func publish() throws {
        let parent = (destination as NSString).deletingLastPathComponent
        if !ownerOnly {
            // The mode a plain mkdir would have given (0777 less the umask).
            let probe = "\(path)/.mode-probe"
            mkdir(probe, 0o777)
            var st = stat()
            let mode = stat(probe, &st) == 0 ? st.st_mode & 0o777 : 0o755
            rmdir(probe)
            chmod(path, mode)
        }
        try FileSync.fsyncDirectory(path)
        FaultPoint.reached("report.before-swap")
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination, isDirectory: &isDir) {
            let previous = "\(parent)/.\((destination as NSString).lastPathComponent).previous-\(TemporaryOwner.token)"
            try owner.register(restore: previous, to: destination)
            guard rename(destination, previous) == 0 else { throw StoreError.io("rename \(destination) → \(previous)", errno) }
            FaultPoint.reached("report.between-renames")
            guard rename(path, destination) == 0 else {
                let e = errno
                rename(previous, destination)
                throw StoreError.io("rename \(path) → \(destination)", e)
            }
            done = true
            try? FileManager.default.removeItem(atPath: previous)
        } else {
            guard rename(path, destination) == 0 else { throw StoreError.io("rename \(path) → \(destination)", errno) }
            done = true
        }
        try FileSync.fsyncDirectory(parent)
    }

    /// Removes the staging folder (nothing reaches the destination).
    public func discard() {
        done = true
        try? FileManager.default.removeItem(atPath: path)
    }
}
