import Foundation

/// Writes generated files under one folder and remembers what it wrote, so the caller can list
/// them. Each file is written whole (`Data.write` with `.atomic`): a half-written export is never
/// left behind by an interrupted run.
final class OutputFolder {
    let root: String
    private(set) var written: [String] = []

    init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    /// Whether `relative` may be claimed: true when it exists and was written by the generator,
    /// false when it does not exist; throws when it exists and is not the generator's.
    @discardableResult
    func mayClaim(_ relative: String) throws -> Bool {
        let full = path(relative)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else { return false }
        let markerPath = (full as NSString).appendingPathComponent(Self.marker)
        guard isDir.boolValue, FileManager.default.fileExists(atPath: markerPath) else {
            throw SynthError.refusingToOverwrite(full)
        }
        return true
    }

    /// The hidden file that marks a folder as written by the generator.
    static let marker = ".immunopipe-synth"

    /// Makes `relative` an empty folder owned by the generator. A folder left by an earlier run
    /// (it holds the marker) is replaced whole, so files of another seed or size cannot linger
    /// beside the new ones; any other existing folder is refused rather than overwritten.
    func claim(_ relative: String) throws {
        let full = path(relative)
        let fm = FileManager.default
        if try mayClaim(relative) { try fm.removeItem(atPath: full) }
        try fm.createDirectory(atPath: full, withIntermediateDirectories: true)
        try Data("written by immunopipe synth; this folder is replaced whole when synth runs again\n".utf8)
            .write(to: URL(fileURLWithPath: (full as NSString).appendingPathComponent(Self.marker)))
    }

    func write(_ text: String, to relative: String) throws {
        try write(Data(text.utf8), to: relative)
    }

    func write(_ data: Data, to relative: String) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full), options: .atomic)
        written.append(full)
    }
}

/// Why the generator stopped.
public enum SynthError: Error, CustomStringConvertible, Sendable {
    case refusingToOverwrite(String)

    public var description: String {
        switch self {
        case .refusingToOverwrite(let path):
            return "\(path) exists and was not written by immunopipe synth: refusing to overwrite it (choose another --out)"
        }
    }
}
