import Domain
import FileIO
import Foundation
import Readers

/// Expands the FILES|DIR arguments: directories are walked recursively, hidden files and
/// folders skipped, and the result sorted so the same inputs always give the same batch.
enum InputFiles {
    struct Expanded {
        var files: [SourceFile] = []
        /// Files found whose name is not valid UTF-8: they cannot be read by name and are
        /// reported (`invalid-file-name`), never skipped silently.
        var unreadableNames: [Diagnostic] = []
    }

    static func expand(_ arguments: [String]) throws -> Expanded {
        var out = Expanded()
        let fm = FileManager.default
        for a in arguments {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: a, isDirectory: &isDir) else {
                throw CLIError("\(a): no such file or directory")
            }
            if !isDir.boolValue {
                out.files.append(SourceFile(path: a))
                continue
            }
            let listing = DirectoryWalk.walk(a)
            out.files += listing.files.map { SourceFile(path: $0) }
            out.unreadableNames += listing.undecodable.map(invalidName)
        }
        return out
    }

    static func invalidName(_ path: String) -> Diagnostic {
        .error(
            SourceLocation(file: path, line: 0, column: 0), code: "invalid-file-name",
            "the file name is not valid UTF-8 (bytes shown as \\xNN), so the file cannot be read; rename it and ingest it again")
    }
}
