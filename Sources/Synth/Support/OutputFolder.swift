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

    func write(_ text: String, to relative: String) throws {
        try write(Data(text.utf8), to: relative)
    }

    func write(_ data: Data, to relative: String) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full), options: .atomic)
        written.append(full)
    }
}
