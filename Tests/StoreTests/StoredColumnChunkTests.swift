import Foundation
import Testing

@testable import HDF5
@testable import Store

/// A store chunk decoded off the reading thread: a damaged column chunk is a "store is
/// damaged" error naming the segment, the dataset and the element, not a crash or wrong values.
@Suite struct StoredColumnChunkTests {
    @Test func aDamagedColumnChunkNamesTheSegmentDatasetAndElement() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-damaged.h5").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let f = try HDF5File.create(path, overwrite: true)
            let d = try f.root().createDataset("value", of: Double.self, options: .init(chunk: 16, deflate: 1))
            // Its filter mask says deflated; its bytes are no zlib stream.
            try d.writeCompressedChunk([UInt8](repeating: 0xAB, count: 40), at: 0, newCount: 16)
            try f.close()
        }
        let stored = try #require(try HDF5File.open(path).root().openDataset("value").storedChunk(0..<16, as: Double.self))
        let texts = MeasurementColumnChunk.Text.allCases
        let chunk = StoredColumnChunk(
            categories: texts.map { _ in [] }, codes: texts.map { _ in .decoded([Int32](repeating: -1, count: 16)) },
            value: .stored(stored), sourceLine: .decoded([Int32](repeating: 1, count: 16)),
            sourceColumn: .decoded([Int32](repeating: 0, count: 16)), path: "segments/batch-7.h5")
        let error = #expect(throws: StoreError.self) { try chunk.decoded() }
        let message = String(describing: error!)
        #expect(message.contains("store is damaged: segments/batch-7.h5"))
        #expect(message.contains("element 0 of 'value'"))
    }
}
