import Foundation
import Testing

@testable import HDF5

/// Chunks filtered in memory by `ChunkFilter` and written with `appendChunk` must read back
/// through HDF5's own shuffle and deflate filters, exactly as chunks the library filtered.
@Suite("Chunk filter")
struct ChunkFilterTests {
    let path = temporaryDirectory().appendingPathComponent("c.h5").path

    /// Writes `values` through `appendChunk` (chunks of `chunk`) and through the library into a
    /// second dataset with the same filters; both must read back as `values`.
    func roundTrip<T: HDF5Element & Equatable>(
        _ values: [T], chunk: Int, deflate: Int? = 1, shuffle: Bool = true,
        strategy: ChunkFilter.Deflate = .standard
    ) throws {
        let filter = ChunkFilter()
        do {
            let f = try HDF5File.create(path, overwrite: true, metadataCacheBytes: 1 << 20)
            let options = DatasetOptions(chunk: chunk, deflate: deflate, shuffle: shuffle)
            let direct = try f.root().createDataset("direct", of: T.self, options: options)
            let library = try f.root().createDataset("library", of: T.self, options: options)
            try values.withUnsafeBufferPointer { b in
                var start = 0
                while start < b.count {
                    let end = min(b.count, start + chunk)
                    try direct.appendChunk(UnsafeBufferPointer(rebasing: b[start..<end]), using: filter, deflate: strategy)
                    start = end
                }
            }
            try library.append(values)
            try f.close()
        }
        let f = try HDF5File.open(path)
        #expect(try f.root().openDataset("direct").read(as: T.self) == values)
        #expect(try f.root().openDataset("direct").count() == values.count)
        #expect(try f.root().openDataset("library").read(as: T.self) == values)
    }

    @Test func numbersOfEachWidthWithAShortLastChunk() throws {
        try roundTrip((0..<1000).map { Int32($0 % 37 - 5) }, chunk: 128)
        try roundTrip((0..<1000).map { Int64($0) * 1_000_003 }, chunk: 256)
        try roundTrip((0..<999).map { Double($0) * 0.1 }, chunk: 100, strategy: .runLength)
        try roundTrip((0..<77).map { Int8(truncatingIfNeeded: $0) }, chunk: 32)
        try roundTrip((0..<300).map { Int16($0 - 150) }, chunk: 64, deflate: nil, shuffle: false)
    }

    @Test func constantChunksAreReusedAndStillCorrect() throws {
        // Three identical constant chunks, a different one, then a short constant tail.
        let values = [Int32](repeating: -1, count: 300) + [Int32](repeating: 7, count: 100) + [Int32](repeating: -1, count: 30)
        try roundTrip(values, chunk: 100)
    }

    @Test func incompressibleChunksAreStoredWithDeflateSkipped() throws {
        // Random bytes do not shrink under deflate: HDF5 stores such a chunk unfiltered by
        // deflate and records it in the chunk's filter mask; the read must undo only the shuffle.
        var rng = SystemRandomNumberGenerator()
        let values = (0..<4096).map { _ in Double(bitPattern: rng.next()) }.map { $0.isNaN ? 0 : $0 }
        try roundTrip(values, chunk: 1024)
        try roundTrip(values, chunk: 1024, strategy: .runLength)
        try roundTrip(values, chunk: 1024, strategy: .smallerWhereItPays)
    }

    /// Doubles whose exponent bytes repeat but whose mantissas are random shrink by less than a
    /// quarter: `smallerWhereItPays` stores such chunks undeflated (the mask says so) and still
    /// reads back exactly; `runLength` deflates every one.
    @Test func chunksWhereDeflateHardlyPaysAreStoredUndeflated() throws {
        var rng = SystemRandomNumberGenerator()
        let values = (0..<40 * 256).map { _ in 1 + Double(rng.next() >> 12) / Double(1 << 52) }
        func storedBytes(_ strategy: ChunkFilter.Deflate) throws -> Int {
            try roundTrip(values, chunk: 256, strategy: strategy)
            let f = try HDF5File.open(path)
            return try f.root().openDataset("direct").storageSize()
        }
        let always = try storedBytes(.runLength), whereItPays = try storedBytes(.smallerWhereItPays)
        let raw = values.count * 8
        #expect(always < raw * 9 / 10, "the data should shrink a little under deflate")
        #expect(whereItPays > always && whereItPays <= raw, "most chunks should be stored undeflated")
        // Data that compresses well is deflated as before.
        let steps = (0..<40 * 256).map { Double($0 / 16) }
        try roundTrip(steps, chunk: 256, strategy: .smallerWhereItPays)
        let compact = try HDF5File.open(path).root().openDataset("direct").storageSize()
        #expect(compact < steps.count * 8 / 4)
    }

    /// Codes that cycle (a subject's visits) have no runs for the run-length strategy to find,
    /// but repeat at a distance: `smallerWhereItPays` must pick matches there (as small as
    /// zlib's `standard` or smaller, in chunks of the results table's size: each byte plane is a
    /// block with its own code, whose header tiny chunks would not repay), and runs where runs
    /// are all there is.
    @Test func eachDatasetGetsTheSmallerStrategy() throws {
        func storedBytes<T: HDF5Element & Equatable>(_ values: [T], _ strategy: ChunkFilter.Deflate, chunk: Int = 512) throws
            -> Int
        {
            try roundTrip(values, chunk: chunk, strategy: strategy)
            return try HDF5File.open(path).root().openDataset("direct").storageSize()
        }
        let cycling = (0..<20 * 16_384).map { Int32($0 % 7) }
        let runs = try storedBytes(cycling, .runLength, chunk: 16_384)
        let standard = try storedBytes(cycling, .standard, chunk: 16_384)
        let chosen = try storedBytes(cycling, .smallerWhereItPays, chunk: 16_384)
        #expect(standard * 4 < runs, "the standard strategy should be far smaller on cycling codes")
        #expect(chosen <= standard, "matches: \(chosen) bytes against zlib's \(standard)")
        // Measured values: increasing integers with a fraction (runs in the high bytes only).
        var rng = SystemRandomNumberGenerator()
        let measured = (0..<100 * 512).map { Double($0) + Double(rng.next() % 8) / 8 }
        let measuredRuns = try storedBytes(measured, .runLength), measuredStandard = try storedBytes(measured, .standard)
        let measuredChosen = try storedBytes(measured, .smallerWhereItPays)
        #expect(Double(measuredChosen) <= Double(min(measuredRuns, measuredStandard)) * 1.05)
    }

    /// Probes come after 16 chunks, then 32 and 64 while the choice holds, and after 16 again
    /// when it changes.
    @Test func probesThinOutWhileTheChoiceHolds() {
        var choice = ChunkFilter.DeflateChoice()
        #expect(choice.next() == nil, "the first chunk is a probe")
        var probes: [Int] = []
        var chunk = 0
        func run(until last: Int, choosing strategy: ChunkFilter.DeflateChoice.Strategy) {
            while chunk < last {
                if choice.next() == nil {
                    probes.append(chunk)
                    choice.probed(strategy)
                }
                chunk += 1
            }
        }
        run(until: 200, choosing: .runLength)
        #expect(probes == [0, 16, 48, 112, 176])
        probes = []
        run(until: 300, choosing: .standard)
        #expect(probes == [240, 256, 288])
    }

    @Test func shuffleMatchesTheHDF5Layout() {
        let input: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] // three 4-byte elements and a spare byte
        var out = [UInt8](repeating: 0, count: input.count)
        input.withUnsafeBytes { i in out.withUnsafeMutableBytes { ChunkFilter.shuffle(i, into: $0, elementSize: 4) } }
        #expect(out == [1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12, 13])
    }

    /// The SSE2 blocks of 16 elements (sizes 4 and 8) and the byte-by-byte rest give HDF5's
    /// layout at every length, and unshuffling any leading run of elements gives them back.
    @Test(arguments: [1, 2, 3, 4, 8, 16])
    func shuffleAndUnshuffleAtEveryLength(elementSize: Int) {
        var state: UInt32 = 2_463_534_242
        for count in Array(0...70) + [255, 256, 257, 1_000] {
            let spare = count % 3 == 0 ? 1 : 0
            let input: [UInt8] = (0..<(count * elementSize + spare)).map { _ in
                state ^= state << 13
                state ^= state >> 17
                state ^= state << 5
                return UInt8(truncatingIfNeeded: state)
            }
            var want = input
            for i in 0..<count { for j in 0..<elementSize { want[j * count + i] = input[i * elementSize + j] } }
            var out = [UInt8](repeating: 0, count: input.count)
            input.withUnsafeBytes { i in out.withUnsafeMutableBytes { ChunkFilter.shuffle(i, into: $0, elementSize: elementSize) } }
            #expect(out == want, "\(count) elements of \(elementSize) bytes")
            for leading in Set([0, count / 2, max(0, count - 1), count]) {
                var back = [UInt8](repeating: 0, count: leading * elementSize)
                let planes = Array(out[0..<(count * elementSize)])
                planes.withUnsafeBytes { p in
                    back.withUnsafeMutableBytes {
                        ChunkFilter.unshuffle(p, elementCount: leading, into: $0, elementSize: elementSize)
                    }
                }
                #expect(back == Array(input[0..<(leading * elementSize)]), "\(leading) of \(count) elements of \(elementSize) bytes")
            }
        }
    }

    @Test func appendChunkRefusesDatasetsItDidNotCreateAndMisalignedAppends() throws {
        let f = try HDF5File.create(path, overwrite: true)
        let d = try f.root().createDataset("d", of: Int32.self, options: .init(chunk: 8))
        let filter = ChunkFilter()
        try [Int32](repeating: 1, count: 5).withUnsafeBufferPointer { try d.appendChunk($0, using: filter) }
        // After a short (last) chunk, no more appends.
        #expect(throws: HDF5Error.self) {
            try [Int32](repeating: 1, count: 8).withUnsafeBufferPointer { try d.appendChunk($0, using: filter) }
        }
        try f.close()
        let g = try HDF5File.open(path, writable: true)
        let opened = try g.root().openDataset("d")
        #expect(throws: HDF5Error.self) {
            try [Int32](repeating: 1, count: 8).withUnsafeBufferPointer { try opened.appendChunk($0, using: filter) }
        }
    }
}
