import Foundation
import Testing

@testable import HDF5

/// A chunk copied out of the file as stored and undone later (`StoredChunk.values`) gives what
/// HDF5's own read gives, for every filter combination and for chunks whose deflate was
/// skipped; ranges it cannot serve are left to `read`, and a damaged chunk is an error that
/// names the dataset and the element.
@Suite("Stored chunks")
struct StoredChunkTests {
    let path = temporaryDirectory().appendingPathComponent("stored.h5").path

    /// Writes `values` twice, through `appendChunk` (`ChunkFilter`) and through the library's
    /// filter pipeline, then checks every whole chunk (and the last run) of both.
    func check<T: HDF5Element & Equatable>(
        _ values: [T], chunk: Int, deflate: Int?, shuffle: Bool, strategy: ChunkFilter.Deflate = .standard
    ) throws {
        do {
            let f = try HDF5File.create(path, overwrite: true)
            let options = DatasetOptions(chunk: chunk, deflate: deflate, shuffle: shuffle)
            let direct = try f.root().createDataset("direct", of: T.self, options: options)
            let filter = ChunkFilter()
            try values.withUnsafeBufferPointer { b in
                for start in stride(from: 0, to: b.count, by: chunk) {
                    try direct.appendChunk(
                        UnsafeBufferPointer(rebasing: b[start..<min(b.count, start + chunk)]), using: filter, deflate: strategy)
                }
            }
            try f.root().createDataset("library", of: T.self, options: options).append(values)
            try f.close()
        }
        let root = try HDF5File.open(path).root()
        for name in ["direct", "library"] {
            let d = try root.openDataset(name)
            for start in stride(from: 0, to: values.count, by: chunk) {
                let r = start..<min(values.count, start + chunk)
                let stored = try #require(try d.storedChunk(r, as: T.self), "\(name) \(r)")
                #expect(try stored.values() == Array(values[r]), "\(name) \(r)")
            }
            // Not one whole chunk: left to `read`.
            #expect(try d.storedChunk(1..<chunk, as: T.self) == nil)
            #expect(try d.storedChunk(0..<chunk + 1, as: T.self) == nil)
        }
    }

    @Test func everyFilterCombinationReadsBackAsHDF5ReadsIt() throws {
        let doubles = (0..<1000).map { Double($0 % 97) * 0.25 - 3 }
        try check(doubles, chunk: 128, deflate: 1, shuffle: true)
        try check(doubles, chunk: 128, deflate: 1, shuffle: true, strategy: .runLength)
        try check(doubles, chunk: 128, deflate: 6, shuffle: false)
        try check(doubles, chunk: 128, deflate: nil, shuffle: false)
        try check((0..<777).map { Int32($0 % 13 - 1) }, chunk: 100, deflate: 1, shuffle: true)
        try check((0..<300).map { Int64($0) * 1_000_003 }, chunk: 64, deflate: 1, shuffle: true, strategy: .smallerWhereItPays)
    }

    @Test func chunksStoredWithDeflateSkippedAreOnlyUnshuffled() throws {
        // Random doubles do not shrink: their chunks are stored with deflate's mask bit set.
        var rng = SystemRandomNumberGenerator()
        let values = (0..<2048).map { _ in Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) }
        try check(values, chunk: 256, deflate: 1, shuffle: true)
        try check(values, chunk: 256, deflate: 1, shuffle: true, strategy: .smallerWhereItPays)
    }

    @Test func otherTypesAndUnwrittenChunksAreLeftToRead() throws {
        let f = try HDF5File.create(path, overwrite: true)
        let d = try f.root().createDataset("d", of: Int32.self, options: .init(chunk: 8, deflate: 1))
        try d.append([Int32](repeating: 7, count: 20))
        #expect(try d.storedChunk(0..<8, as: Int64.self) == nil, "int32 values are not read as int64 bytes")
        #expect(try d.storedChunk(0..<8, as: Int32.self) != nil)
        // A chunk never written holds only fill values, which HDF5 makes up on `read`.
        let gap = try f.root().createDataset("gap", of: Int32.self, options: .init(chunk: 8, deflate: nil))
        try [Int32](repeating: 3, count: 8).withUnsafeBytes { try gap.writeCompressedChunk($0, at: 8, newCount: 16) }
        #expect(try gap.storedChunk(0..<8, as: Int32.self) == nil)
        #expect(try gap.storedChunk(8..<16, as: Int32.self)?.values() == [Int32](repeating: 3, count: 8))
        try f.close()
    }

    @Test func aDamagedChunkIsAnErrorNamingTheDatasetAndElement() throws {
        do {
            let f = try HDF5File.create(path, overwrite: true)
            let d = try f.root().createDataset("value", of: Double.self, options: .init(chunk: 16, deflate: 1))
            let filter = ChunkFilter()
            try [Double](repeating: 1.5, count: 16).withUnsafeBufferPointer { try d.appendChunk($0, using: filter) }
            // The second chunk's bytes are not a zlib stream, though its mask says deflated.
            try d.writeCompressedChunk([UInt8](repeating: 0xAB, count: 40), at: 16, newCount: 32)
            try f.close()
        }
        do {
            let d = try HDF5File.open(path).root().openDataset("value")
            #expect(try d.storedChunk(0..<16, as: Double.self)?.values() == [Double](repeating: 1.5, count: 16))
            let damaged = try #require(try d.storedChunk(16..<32, as: Double.self))
            let error = #expect(throws: HDF5Error.self) { try damaged.values() }
            #expect(String(describing: error!).contains("element 16 of 'value'"))
        }
        // The last, shorter run, shuffled but stored undeflated in fewer bytes than a chunk (more
        // than its four values): an error, not a read past the chunk's end.
        do {
            let f = try HDF5File.open(path, writable: true)
            try f.root().openDataset("value").writeCompressedChunk(
                [UInt8](repeating: 1, count: 40), at: 32, newCount: 36, filterMask: 1 << 1)
            try f.close()
        }
        let short = try #require(try HDF5File.open(path).root().openDataset("value").storedChunk(32..<36, as: Double.self))
        #expect(throws: HDF5Error.self) { try short.values() }
    }
}
