import Foundation
import Testing

@testable import HDF5

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh temporary directory per test.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("HDF5 round trips")
struct HDF5RoundTripTests {
    let path = temporaryDirectory().appendingPathComponent("t.h5").path

    func roundTrip<T: HDF5Element & Equatable>(_ values: [T]) throws {
        let name = "values_\(T.self)"
        do {
            let f = try HDF5File.create(path, overwrite: true)
            let d = try f.root().createDataset(name, of: T.self, options: .init(chunk: 7))
            try d.append(Array(values.prefix(5)))
            try d.append(Array(values.dropFirst(5)))
            try f.close()
        }
        let f = try HDF5File.open(path)
        let d = try f.root().openDataset(name)
        #expect(try d.count() == values.count)
        #expect(try d.read(as: T.self) == values)
        #expect(try d.read(2..<9, as: T.self) == Array(values[2..<9]))
        #expect(try d.chunkSize() == 7)
    }

    @Test func numbersOfEveryType() throws {
        try roundTrip((0..<20).map { Double($0) * 1.5 - 3 })
        try roundTrip((0..<20).map { Float($0) / 3 })
        try roundTrip((0..<20).map { Int8(truncatingIfNeeded: $0 * 13 - 100) })
        try roundTrip((0..<20).map { Int16($0 * 1000 - 9000) })
        try roundTrip((0..<20).map { Int32($0 * 100_000 - 1) })
        try roundTrip((0..<20).map { Int64($0) * 10_000_000_000 })
        try roundTrip((0..<20).map { UInt8($0 * 12) })
    }

    /// A file's descriptor is not inherited by processes started while it is open (with it they
    /// would hold the file's lock, and reopening it failed with "unable to lock the file").
    @Test func filesAreClosedOnExec() throws {
        #if os(Linux)
            func descriptorFlags() -> [Int] {
                let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
                return fds.compactMap { fd -> Int? in
                    guard (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) == path,
                        let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8),
                        let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") })
                    else { return nil }
                    return Int(line.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8)
                }
            }
            let oCloexec = 0o2000000
            let created = try HDF5File.create(path, overwrite: true)
            let whileCreated = descriptorFlags()
            #expect(!whileCreated.isEmpty && whileCreated.allSatisfy { $0 & oCloexec != 0 })
            try created.close()
            let opened = try HDF5File.open(path)
            let whileOpen = descriptorFlags()
            #expect(!whileOpen.isEmpty && whileOpen.allSatisfy { $0 & oCloexec != 0 })
            try opened.close()
        #endif
    }

    /// A file being written can be sent on its way to disk midway (the system call starts and
    /// does not wait), and the file is whole afterwards.
    @Test func writebackStartsMidwayAndTheFileStaysWhole() throws {
        let f = try HDF5File.create(path, overwrite: true)
        let values = (0..<100_000).map { Double($0) / 7 }
        _ = try f.root().writeDataset("x", values)
        #expect(f.startWriteback(), "sync_file_range on a file open for writing")
        try f.close()
        #expect(try HDF5File.open(path).root().openDataset("x").read(as: Double.self) == values)
    }

    /// A lock on the file held for a moment (a process being started holds a duplicate of every
    /// descriptor) is waited out; one held on (another process using the file) is the error.
    @Test func aMomentaryLockIsWaitedOutAndAHeldOneIsAnError() throws {
        #if os(Linux)
            guard ProcessInfo.processInfo.environment["HDF5_USE_FILE_LOCKING"] == nil else { return }
            try HDF5File.create(path, overwrite: true).close()
            let momentary = open(path, O_RDONLY)
            #expect(flock(momentary, LOCK_EX) == 0)
            // A thread of its own, not a dispatch queue: under a loaded test run the global
            // queue's threads may all be busy for longer than the wait.
            Thread.detachNewThread {
                usleep(50_000)
                close(momentary)
            }
            try HDF5File.open(path).close()
            let held = open(path, O_RDONLY)
            defer { close(held) }
            #expect(flock(held, LOCK_EX) == 0)
            let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path) }
            #expect(error?.stack.contains("unable to lock the file") == true)
        #endif
    }

    @Test func nanSurvives() throws {
        let f = try HDF5File.create(path, overwrite: true)
        try f.root().writeDataset("v", [1.0, .nan, -0.0, .infinity])
        try f.close()
        let back: [Double] = try HDF5File.open(path).root().openDataset("v").read()
        #expect(back[0] == 1 && back[1].isNaN && back[2] == 0 && back[3] == .infinity)
    }

    @Test(arguments: [nil, 12] as [Int?])
    func utf8Strings(fixedLength: Int?) throws {
        let values = ["TNF-α", "IFN-γ", "", "IL-17A–", "CD4+CD25+FoxP3+"]
        do {
            let f = try HDF5File.create(path, overwrite: true)
            let root = try f.root()
            let d = try root.createStringDataset("names", fixedLength: fixedLength.map { _ in 24 })
            try d.appendStrings(Array(values.prefix(2)))
            try d.appendStrings(Array(values.dropFirst(2)))
            try f.close()
        }
        let d = try HDF5File.open(path).root().openDataset("names")
        #expect(try d.readStrings() == values)
        #expect(try d.readStrings(1..<3) == ["IFN-γ", ""])
    }

    /// Texts handed over as NUL-terminated UTF-8 in one buffer read back as the same strings,
    /// variable or fixed length, empty ones as "".
    @Test(arguments: [nil, 24] as [Int?])
    func nulTerminatedTextsReadBackAsStrings(fixedLength: Int?) throws {
        let values = ["BM01-001_W2 line 31", "", "IFN-γ line 7", "caf\u{E9}, \"quoted\"", ""]
        var bytes: [UInt8] = [], starts: [Int] = []
        for v in values {
            starts.append(bytes.count)
            bytes += Array(v.utf8) + [0]
        }
        starts.append(bytes.count)
        do {
            let f = try HDF5File.create(path, overwrite: true)
            let d = try f.root().createStringDataset("refs", fixedLength: fixedLength)
            try d.appendStrings(nulTerminated: bytes, starts: Array(starts.prefix(3)))
            try d.appendStrings(nulTerminated: bytes, starts: Array(starts.dropFirst(2)))
            try f.close()
        }
        #expect(try HDF5File.open(path).root().openDataset("refs").readStrings() == values)
    }

    /// Empty variable-length strings are written as null references: no global-heap object
    /// each, so a column of mostly empty notes costs its pointers only, and reads back as "".
    @Test func emptyVariableLengthStringsTakeNoHeapSpace() throws {
        func fileSize(_ values: [String]) throws -> Int {
            let p = temporaryDirectory().appendingPathComponent("s.h5").path
            do {
                let f = try HDF5File.create(p, overwrite: true)
                let d = try f.root().createStringDataset("notes", options: .init(chunk: 4096))
                try d.appendStrings(values)
                try f.close()
            }
            #expect(try HDF5File.open(p).root().openDataset("notes").readStrings() == values)
            return try FileManager.default.attributesOfItem(atPath: p)[.size] as! Int
        }
        let n = 20_000
        let empty = try fileSize(Array(repeating: "", count: n))
        let oneLetter = try fileSize(Array(repeating: "x", count: n))
        // A heap object is at least 16 bytes beyond its text; a null reference none.
        #expect(oneLetter - empty >= 16 * n)
        let mixed = (0..<n).map { $0 % 10 == 0 ? "imputed" : "" }
        _ = try fileSize(mixed)
    }

    @Test func fixedLengthStringsTooLongAreAnErrorNotTruncated() throws {
        let f = try HDF5File.create(path, overwrite: true)
        let d = try f.root().createStringDataset("ids", fixedLength: 4)
        #expect(throws: HDF5Error.self) { try d.appendStrings(["ABCDE"]) }
    }

    @Test func nonASCIIGroupDatasetAndAttributeNames() throws {
        do {
            let f = try HDF5File.create(path, overwrite: true)
            let g = try f.root().createGroup("cytokines/TNF-α")
            try g.writeDataset("IFN-γ", [1.0, 2.0])
            try g.setAttribute("unité", "pg/mL")
            try g.setAttribute("column-order", ["TNF-α", "IFN-γ"])
            try g.setAttribute("version", Int64(3))
            try g.setAttribute("limits", [0.5, 2.5])
            try g.setAttribute("ordered", Int8(0))
            try f.close()
        }
        let f = try HDF5File.open(path)
        let g = try f.root().openGroup("cytokines/TNF-α")
        #expect(try f.root().openGroup("cytokines").memberNames() == ["TNF-α"])
        #expect(try g.memberNames() == ["IFN-γ"])
        #expect(try g.stringAttribute("unité") == "pg/mL")
        #expect(try g.stringArrayAttribute("column-order") == ["TNF-α", "IFN-γ"])
        #expect(try g.numberAttribute("version", as: Int64.self) == 3)
        #expect(try g.numberArrayAttribute("limits", as: Double.self) == [0.5, 2.5])
        #expect(try Set(g.attributeNames()) == ["unité", "column-order", "version", "limits", "ordered"])
        #expect(g.isGroup("IFN-γ") == false)
        #expect(try f.root().isGroup("cytokines"))
    }

    @Test func failuresCarryTheHDF5ErrorStack() throws {
        do {
            _ = try HDF5File.open("/nonexistent/dir/x.h5")
            Issue.record("opening a missing file should fail")
        } catch let e as HDF5Error {
            #expect(e.operation.contains("/nonexistent/dir/x.h5"))
            #expect(e.stack.contains("H5Fopen"))
        }
        let f = try HDF5File.create(path, overwrite: true)
        #expect(throws: HDF5Error.self) { try f.root().openDataset("missing") }
        #expect(throws: HDF5Error.self) { _ = try HDF5File.create(path) } // exists, no overwrite
    }

    @Test func precompressedChunksReadBackThroughTheFilters() throws {
        // A chunk written raw with no filters declared reads back unchanged.
        let f = try HDF5File.create(path, overwrite: true)
        let d = try f.root().createDataset("raw", of: Int32.self, options: .init(chunk: 4, deflate: nil, shuffle: false))
        let bytes = [Int32(1), 2, 3, 4].withUnsafeBytes { Array($0) }
        try d.writeCompressedChunk(bytes, at: 0, newCount: 4)
        #expect(try d.read(as: Int32.self) == [1, 2, 3, 4])
    }
}
