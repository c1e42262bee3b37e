import CHDF5
import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open HDF5 file.
public final class HDF5File: Handle, @unchecked Sendable {
    public let path: String

    private init(id: hid_t, path: String) {
        self.path = path
        super.init(id, closer: H5Fclose)
    }

    /// Creates a new file. Fails if it exists unless `overwrite` is true. `metadataCacheBytes`
    /// caps the library's metadata cache for the file (default: HDF5's own limit, 32 MiB), for
    /// writers whose memory must not grow with the size of what they write.
    public static func create(_ path: String, overwrite: Bool = false, metadataCacheBytes: Int? = nil) throws -> HDF5File {
        HDF5Library.ensure()
        let fapl = try fileAccess()
        if let bytes = metadataCacheBytes {
            try check(ip_limit_metadata_cache(fapl.id, max(1 << 20, bytes)), "limit the metadata cache")
        }
        let id = try retryingLockConflicts {
            try check(
                H5Fcreate(path, overwrite ? ip_F_ACC_TRUNC() : ip_F_ACC_EXCL(), ip_P_DEFAULT(), fapl.id),
                "create file \(path)")
        }
        closeOnExec(id, fapl)
        return HDF5File(id: id, path: path)
    }

    /// Opens an existing file, read-only unless `writable`.
    public static func open(_ path: String, writable: Bool = false) throws -> HDF5File {
        HDF5Library.ensure()
        let fapl = try fileAccess()
        let id = try retryingLockConflicts {
            try check(H5Fopen(path, writable ? ip_F_ACC_RDWR() : ip_F_ACC_RDONLY(), fapl.id), "open file \(path)")
        }
        closeOnExec(id, fapl)
        return HDF5File(id: id, path: path)
    }

    /// HDF5 takes a non-blocking `flock` on the files it opens or creates, and fails at once when
    /// another descriptor holds one. A process being started (a test harness running the CLI,
    /// anything a server spawns) holds a duplicate of every descriptor of this process until it
    /// closes them or execs, so reopening a file just closed can fail in that moment with
    /// "unable to lock the file" (the likeliest reading of one `make test` failure, while the
    /// CLI tests were starting processes). A conflict is retried until two seconds have passed,
    /// by the clock rather than by a count of attempts (a loaded machine oversleeps); a lock held
    /// longer (another process writing the file) is the error.
    private static func retryingLockConflicts(_ attempt: () throws -> hid_t) throws -> hid_t {
        let deadline = DispatchTime.now() + lockWait
        while DispatchTime.now() < deadline {
            do {
                return try attempt()
            } catch let error as HDF5Error where error.stack.contains("unable to lock the file") {
                usleep(10_000)
            }
        }
        return try attempt()
    }

    /// How long a conflicting lock is waited out before it is the error.
    static let lockWait: DispatchTimeInterval = .seconds(2)

    /// Marks the file's descriptor close-on-exec: HDF5's POSIX driver opens it without
    /// `O_CLOEXEC`, so a process started with fork and exec (or `system`, `popen`) without
    /// closing what it inherited would keep the file, and its lock, for as long as it runs.
    private static func closeOnExec(_ id: hid_t, _ fapl: Scoped) {
        var handle: UnsafeMutableRawPointer?
        guard H5Fget_vfd_handle(id, fapl.id, &handle) >= 0, let handle else { return }
        let fd = handle.load(as: Int32.self)
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }

    /// STRONG close degree: closing the file closes every object still open in it, so a file
    /// is complete on disk as soon as `close()` returns.
    private static func fileAccess() throws -> Scoped {
        let fapl = Scoped(try check(H5Pcreate(ip_P_FILE_ACCESS()), "create file access list"), H5Pclose)
        try check(H5Pset_fclose_degree(fapl.id, H5F_CLOSE_STRONG), "set close degree")
        return fapl
    }

    /// The root group "/".
    public func root() throws -> HDF5Group {
        try HDF5Group.open(in: self, name: "/")
    }

    /// Starts writing what the operating system holds of the file to disk, without waiting
    /// (what HDF5 still buffers is not included). Best effort: false when the system refused.
    @discardableResult
    public func startWriteback() -> Bool {
        HDF5Library.ensure()
        let fapl = H5Fget_access_plist(id)
        guard fapl >= 0 else { return false }
        defer { H5Pclose(fapl) }
        var handle: UnsafeMutableRawPointer?
        guard H5Fget_vfd_handle(id, fapl, &handle) >= 0, let handle else { return false }
        return ip_start_writeback(handle.load(as: Int32.self)) == 0
    }

    /// Writes everything buffered to the operating system.
    public func flush() throws {
        HDF5Library.ensure()
        try check(H5Fflush(id, H5F_SCOPE_GLOBAL), "flush \(path)")
    }
}
