import Testing

@testable import Store

/// Chunks written straight from a slice (`ChunkWriting.write(_:after:chunk:_:)`) are those the
/// buffered path writes: the same chunks in the same order, the same rows left in the buffer.
@Suite struct ChunkWritingTests {
    /// The buffered path: the values appended to the buffer, then its whole chunks written.
    static func buffered(_ values: [Int], after buffer: [Int], chunk: Int) throws -> (chunks: [[Int]], left: [Int]) {
        var buffer = buffer + values
        var chunks: [[Int]] = []
        try ChunkWriting.write(&buffer, chunk: chunk, includingLast: false) { chunks.append(Array($0)) }
        return (chunks, buffer)
    }

    static func direct(_ values: [Int], after buffer: [Int], chunk: Int) throws -> (chunks: [[Int]], left: [Int]) {
        var buffer = buffer
        var chunks: [[Int]] = []
        try values.withUnsafeBufferPointer { v in
            try ChunkWriting.write(v, after: &buffer, chunk: chunk) { chunks.append(Array($0)) }
        }
        return (chunks, buffer)
    }

    @Test(arguments: [1, 3, 8])
    func chunksFromASliceAreTheBufferedOnes(chunk: Int) throws {
        var cases = 0
        // Pending rows from none to more than a chunk (a buffer not flushed), values from none
        // to several chunks and a bit.
        for pending in [0, 1, chunk - 1, chunk, chunk + 2] {
            for count in [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 2] {
                let buffer = (0..<pending).map { -1 - $0 }
                let values = (0..<count).map { 1000 * pending + $0 }
                let want = try Self.buffered(values, after: buffer, chunk: chunk)
                let got = try Self.direct(values, after: buffer, chunk: chunk)
                #expect(got.chunks == want.chunks, "chunk \(chunk), \(pending) pending, \(count) values")
                #expect(got.left == want.left, "chunk \(chunk), \(pending) pending, \(count) values")
                #expect(got.chunks.allSatisfy { $0.count == chunk })
                cases += 1
            }
        }
        #expect(cases >= 25)
    }
}
