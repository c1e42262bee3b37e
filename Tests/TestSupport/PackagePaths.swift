import Foundation

/// Where the package's own files are, found from this source file (test bundles run from
/// `.build/`, not from the package root).
public enum PackagePaths {
    /// The package root: the folder holding `Package.swift`.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // TestSupport
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent()

    /// A file or folder below the package root (`"sample-data/NCT04946669"`).
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The reader fixtures, in the source tree (`Tests/ReadersTests/Fixtures`): other layers'
    /// tests read them from there too.
    public static let readerFixtures: URL = root.appendingPathComponent("Tests/ReadersTests/Fixtures")

    /// A reader fixture by its path below `Fixtures/` (`"meso/meso_96_standards.txt"`).
    public static func readerFixture(_ relative: String) -> String {
        readerFixtures.appendingPathComponent(relative).path
    }
}
