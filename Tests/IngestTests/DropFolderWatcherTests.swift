import Foundation
import Testing

@testable import Ingest

@Suite("Drop folder")
struct DropFolderWatcherTests {
    func folder() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("drop-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func aFileIsTakenOnceItStoppedChangingAndOnlyOnce() throws {
        let dir = folder()
        var w = DropFolderWatcher(directory: dir)
        let path = "\(dir)/plate1.csv"
        try "a,b\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(w.scan().isEmpty) // first sight: may still be written
        #expect(w.scan().map(\.displayName) == ["plate1.csv"])
        #expect(w.scan().isEmpty) // taken already
        // New content (size changes): taken again once stable.
        try "a,b\n1,2\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(w.scan().isEmpty)
        #expect(w.scan().map(\.displayName) == ["plate1.csv"])
    }

    @Test func aGrowingFileWaits() throws {
        let dir = folder()
        var w = DropFolderWatcher(directory: dir)
        let path = "\(dir)/big.csv"
        try "x\n".write(toFile: path, atomically: false, encoding: .utf8)
        _ = w.scan()
        try "x\ny\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(w.scan().isEmpty)
        #expect(w.scan().count == 1)
    }

    @Test func transfersInProgressAndHiddenFilesAreNeverTaken() throws {
        let dir = folder()
        var w = DropFolderWatcher(directory: dir)
        for name in ["export.csv.part", ".hidden.csv", "~$sheet.xlsx", "upload.crdownload", "empty.csv"] {
            _ = FileManager.default.createFile(atPath: "\(dir)/\(name)", contents: name == "empty.csv" ? Data() : Data("x".utf8))
        }
        _ = w.scan()
        #expect(w.scan().isEmpty)
    }
}
