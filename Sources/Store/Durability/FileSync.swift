import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The steps that make a file durable and its appearance atomic: fsync the file, rename it into
/// place, fsync the directory. After a crash a reader sees either the whole file or none of it.
enum FileSync {
    /// Flushes a file's bytes to the disk.
    static func fsyncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw StoreError.io("open \(path) for fsync", errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.io("fsync \(path)", errno) }
    }

    /// Flushes a directory entry list, so a rename into it survives a power cut.
    static func fsyncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw StoreError.io("open directory \(path)", errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.io("fsync directory \(path)", errno) }
    }

    /// fsync(file); rename(file, destination); fsync(destination's directory). `rename` is atomic
    /// on POSIX filesystems within one filesystem, and the temp folder lives inside the store.
    static func publish(_ temporary: String, as destination: String) throws {
        try fsyncFile(temporary)
        guard rename(temporary, destination) == 0 else { throw StoreError.io("rename \(temporary) → \(destination)", errno) }
        let directory = (destination as NSString).deletingLastPathComponent
        try fsyncDirectory(directory.isEmpty ? "." : directory)
    }

    /// Like `publish`, but fails with EEXIST rather than replace an existing `destination`
    /// (link + unlink: the name appears atomically, complete, or not at all).
    static func publish(_ temporary: String, asNew destination: String) throws {
        try fsyncFile(temporary)
        guard link(temporary, destination) == 0 else { throw StoreError.io("publish \(destination)", errno) }
        unlink(temporary)
        let directory = (destination as NSString).deletingLastPathComponent
        try fsyncDirectory(directory.isEmpty ? "." : directory)
    }

    /// Whether a process with this id is running on this machine.
    static func processIsAlive(_ pid: Int32) -> Bool {
        if pid <= 0 { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
