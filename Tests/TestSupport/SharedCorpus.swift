import Foundation
import Testing

/// The shared corpus of real instrument exports: `../shared/corpus` beside the package root, or
/// the folder `IMMUNOPIPE_CORPUS` names (`IMMUNOPIPE_CORPUS=/nonexistent` shows what runs
/// without it). It is never copied into the repository and is absent on some machines, so every
/// test that reads it carries the `.sharedCorpus` trait and is skipped, with a message, without it.
///
/// Presence is judged once, for the folder: when the corpus is there, a missing or renamed file
/// makes its test fail instead of being skipped in silence.
public enum SharedCorpus {
    public static let directory: URL = {
        if let folder = ProcessInfo.processInfo.environment["IMMUNOPIPE_CORPUS"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        return PackagePaths.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    public static var isPresent: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Why a corpus test did not run, as the test report shows it.
    public static var absentMessage: Comment { "\(directory.path) is absent: real-export test skipped" }

    /// A corpus file by its path below the corpus (`"xponent/serolyzer__pone.0187901.s001.csv"`).
    public static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    /// The files of one corpus folder (`"msd"` → `["msd/a.csv", …]`), sorted; hidden files left out.
    public static func files(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test or suite only when the shared corpus is present (`@Test(.sharedCorpus)`).
    public static var sharedCorpus: Self {
        .enabled(if: SharedCorpus.isPresent, SharedCorpus.absentMessage)
    }
}
