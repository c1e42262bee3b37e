import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Lists the regular files under a folder from the raw directory entries, so that a name that
/// is not valid UTF-8 (a file copied from an old Windows share in Latin-1…) is reported rather
/// than dropped: Foundation's enumerator cannot represent such a name as a `String` and skips
/// it without a word.
public enum DirectoryWalk {
    public struct Listing: Sendable {
        /// Paths of regular files (symlinks to files included), sorted.
        public var files: [String] = []
        /// Entries whose name is not valid UTF-8, as the folder's path plus the name with each
        /// invalid byte written `\xNN`; they cannot be opened by name and are not walked into.
        public var undecodable: [String] = []
    }

    /// Walks `directory` recursively. Entries whose name starts with "." are skipped when
    /// `skipHidden`, as is any name `skip` returns true for.
    public static func walk(_ directory: String, skipHidden: Bool = true, skip: (String) -> Bool = { _ in false }) -> Listing {
        var out = Listing()
        walk(directory, into: &out, skipHidden: skipHidden, skip: skip)
        out.files.sort()
        out.undecodable.sort()
        return out
    }

    private static func walk(_ directory: String, into out: inout Listing, skipHidden: Bool, skip: (String) -> Bool) {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [46] || bytes == [46, 46] { continue }
            if skipHidden && bytes.first == 46 { continue }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                out.undecodable.append((directory as NSString).appendingPathComponent(escaped(bytes)))
                continue
            }
            if skip(name) { continue }
            let path = (directory as NSString).appendingPathComponent(name)
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: walk(path, into: &out, skipHidden: skipHidden, skip: skip)
            case S_IFREG: out.files.append(path)
            default: continue
            }
        }
    }

    /// The name with every byte that is not part of valid UTF-8 (and every control byte) as `\xNN`.
    public static func escaped(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            // The longest valid UTF-8 sequence starting here, if any.
            var taken = false
            for n in stride(from: min(4, bytes.count - i), through: 1, by: -1) {
                if let s = String(validating: bytes[i..<(i + n)], as: UTF8.self), s.unicodeScalars.count == 1,
                    !(s.unicodeScalars.first!.value < 0x20)
                {
                    out += s
                    i += n
                    taken = true
                    break
                }
            }
            if !taken {
                out += String(format: "\\x%02X", bytes[i])
                i += 1
            }
        }
        return out
    }
}
