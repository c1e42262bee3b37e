import Foundation

/// The real export corpus: `../shared/corpus` beside the package root (absent on some machines;
/// tests that use it skip with a message).
enum SharedCorpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Support
        .deletingLastPathComponent()   // IngestTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/corpus")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}
