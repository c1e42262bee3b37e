import CHDF5
import Foundation
import Testing

@testable import HDF5

/// `appendStringChunk` writes a chunk of empty texts itself, as the bytes HDF5 stores for a chunk
/// of null references: those bytes must be the library's own, and every chunk must read back as
/// the texts appended, whichever way it was written.
@Suite("Variable-length string chunks")
struct StringChunkTests {
    let path = temporaryDirectory().appendingPathComponent("s.h5").path

    /// Texts as `appendStrings(nulTerminated:starts:)` takes them.
    static func nulTerminated(_ texts: [String]) -> (bytes: [UInt8], starts: [Int]) {
        var bytes: [UInt8] = [], starts = [0]
        for t in texts {
            bytes += Array(t.utf8) + [0]
            starts.append(bytes.count)
        }
        return (bytes, starts)
    }

    /// Chunk `index` of `dataset` as stored, inflated, and its filter mask (HDF5 skips the
    /// declared shuffle for variable-length elements; deflate must have been applied).
    static func inflatedChunk(_ dataset: HDF5Dataset, index: Int, chunk: Int) throws -> (bytes: [UInt8], mask: UInt32) {
        var offset = hsize_t(index * chunk), size: hsize_t = 0, mask: UInt32 = 0
        #expect(H5Dget_chunk_storage_size(dataset.id, &offset, &size) >= 0)
        var stored = [UInt8](repeating: 0, count: Int(size))
        #expect(H5Dread_chunk(dataset.id, ip_P_DEFAULT(), &offset, &mask, &stored) >= 0)
        #expect(mask & ChunkFilter.deflateSkipped(shuffleDeclared: true) == 0, "deflated")
        var plain = [UInt8](repeating: 0xA5, count: chunk * HDF5Dataset.variableLengthDiskSize)
        var n = plain.count
        let r = stored.withUnsafeBytes { s in plain.withUnsafeMutableBytes { ip_inflate(s.baseAddress, s.count, $0.baseAddress, &n) } }
        #expect(r == Z_OK && n == plain.count)
        return (plain, mask)
    }

    @Test func chunksOfEmptyTextsAreTheLibrarysNullReferences() throws {
        let chunk = 4
        let chunks: [[String]] = [
            ["", "", "", ""], ["below LLOQ", "", "é, \"quoted\"", ""], ["", "", "", ""], ["", "", "", ""], ["last", ""],
        ]
        let f = try HDF5File.create(path, overwrite: true)
        let options = DatasetOptions(chunk: chunk, deflate: 1)
        let ours = try f.root().createStringDataset("ours", options: options)
        let library = try f.root().createStringDataset("library", options: options)
        let filter = ChunkFilter()
        for texts in chunks {
            let (bytes, starts) = Self.nulTerminated(texts)
            try ours.appendStringChunk(nulTerminated: bytes, starts: starts, using: filter)
            try library.appendStrings(nulTerminated: bytes, starts: starts)
        }
        // A chunk after the last, shorter one is refused rather than written out of place.
        #expect(throws: HDF5Error.self) { try ours.appendStringChunk(nulTerminated: [0], starts: [0, 1], using: filter) }
        try f.close()

        let g = try HDF5File.open(path)
        let read = try g.root().openDataset("ours")
        #expect(try read.readStrings() == chunks.flatMap { $0 })
        let reference = try g.root().openDataset("library")
        for index in [0, 2, 3] {
            let plain = try Self.inflatedChunk(read, index: index, chunk: chunk)
            #expect(plain.bytes.allSatisfy { $0 == 0 }, "chunk \(index): null references are zeros")
            let library = try Self.inflatedChunk(reference, index: index, chunk: chunk)
            #expect(library.bytes == plain.bytes && library.mask == plain.mask, "chunk \(index): as the library stores it")
        }
    }

    @Test func onlyForVariableLengthDatasetsThisHandleCreated() throws {
        let f = try HDF5File.create(path, overwrite: true)
        let fixed = try f.root().createStringDataset("fixed", fixedLength: 8, options: .init(chunk: 4, deflate: 1))
        #expect(throws: HDF5Error.self) {
            try fixed.appendStringChunk(nulTerminated: [0, 0], starts: [0, 1, 2], using: ChunkFilter())
        }
        try f.close()
    }
}
