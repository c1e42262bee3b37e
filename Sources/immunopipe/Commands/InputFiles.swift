import Foundation
import Readers

/// Expands the FILES|DIR arguments: directories are walked recursively, hidden files and
/// folders skipped, and the result sorted so the same inputs always give the same batch.
enum InputFiles {
    static func expand(_ arguments: [String]) throws -> [SourceFile] {
        var out: [SourceFile] = []
        let fm = FileManager.default
        for a in arguments {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: a, isDirectory: &isDir) else {
                throw CLIError("\(a): no such file or directory")
            }
            if !isDir.boolValue { out.append(SourceFile(path: a)); continue }
            var found: [String] = []
            if let e = fm.enumerator(atPath: a) {
                for case let rel as String in e {
                    if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                    var d: ObjCBool = false
                    let full = (a as NSString).appendingPathComponent(rel)
                    if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue { found.append(full) }
                }
            }
            out += found.sorted().map { SourceFile(path: $0) }
        }
        return out
    }
}
