import Foundation
import Testing

@testable import FileIO

/// cfb.csv written past the page cache: the file holds exactly the bytes given, in order, with
/// no padding left from the last partial block, whatever the sizes of the pieces, and the same
/// where the file system refuses direct I/O and the writes fall back to buffered ones.
@Suite struct DirectFileOutputTests {
    /// Pieces of awkward sizes (0, 1, a block, block ± 1, several staging buffers' worth).
    static func pieces() -> [[UInt8]] {
        let sizes = [0, 1, 4095, 4096, 4097, 12_287, 3, 40_000, 8191, 0, 1, 100_001]
        return sizes.enumerated().map { k, n in (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ k) } }
    }

    func written(in directory: String, staging: Int) throws -> (expected: [UInt8], actual: Data) {
        let path = directory + "/direct-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try DirectFileOutput(creating: path, stagingBytes: staging)
        var expected: [UInt8] = []
        for p in Self.pieces() {
            expected += p
            try out.write(p)
        }
        try out.close()
        return (expected, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test(arguments: [4096, 3 * 4096, 1 << 20])
    func holdsExactlyTheBytesWritten(staging: Int) throws {
        let (expected, actual) = try written(in: NSTemporaryDirectory(), staging: staging)
        #expect(actual.count == expected.count)
        #expect(actual == Data(expected))
    }

    @Test func tmpfsFallsBackToBufferedWrites() throws {
        // tmpfs refused O_DIRECT before Linux 6.6; either way the bytes must be the same.
        guard FileManager.default.isWritableFile(atPath: "/dev/shm") else { return }
        let (expected, actual) = try written(in: "/dev/shm", staging: 2 * 4096)
        #expect(actual == Data(expected))
    }

    @Test(arguments: [0, 4096, 3 * 4096 + 5])
    func lengthIsExact(total: Int) throws {
        let path = NSTemporaryDirectory() + "direct-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try DirectFileOutput(creating: path, stagingBytes: 4096)
        try out.write([UInt8](repeating: 7, count: total))
        try out.close()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.size] as? NSNumber)?.intValue == total)
    }

    /// A file system that takes O_DIRECT on open but refuses a direct write partway (after one
    /// block went through): the rest goes buffered, from the end of what was written before that
    /// write, and the file still holds exactly the bytes given.
    @Test(arguments: [EINVAL, EOPNOTSUPP])
    func aRefusedDirectWriteFallsBackToBufferedWrites(refusal: Int32) throws {
        final class Count { var direct = 0, refused = 0 }
        let count = Count()
        let refusing: DirectFileOutput.Transfer = { bytes, fd throws(CompleteTransfer.Failure) in
            if fcntl(fd, F_GETFL) & DirectFileOutput.directFlag != 0 {
                count.direct += 1
                if count.direct == 2 {
                    count.refused += 1
                    try CompleteTransfer.write(UnsafeRawBufferPointer(rebasing: bytes[0..<DirectFileOutput.block]), to: fd)
                    throw CompleteTransfer.Failure(code: refusal)
                }
            }
            try CompleteTransfer.write(bytes, to: fd)
        }
        let path = NSTemporaryDirectory() + "direct-refused-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try DirectFileOutput(creating: path, stagingBytes: 3 * DirectFileOutput.block, transfer: refusing)
        var expected: [UInt8] = []
        for p in Self.pieces() {
            expected += p
            try out.write(p)
        }
        try out.close()
        #expect(count.refused == 1 || DirectFileOutput.directFlag == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
    }

    @Test func aFailedWriteIsThrown() throws {
        // /dev/full accepts the open and fails every write with ENOSPC.
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let out = try DirectFileOutput(creating: "/dev/full", stagingBytes: 4096)
        let error = #expect(throws: FileIOError.self) {
            for _ in 0..<4 { try out.write([UInt8](repeating: 65, count: 5000)) }
            try out.close()
        }
        // Named as the write it is (it used to read "read /dev/full: …").
        #expect(error?.operation == .write && error?.code == ENOSPC)
        #expect(error?.description.hasPrefix("write /dev/full: ") == true)
        // The buffered output says the same.
        let buffered = try FileOutput(creating: "/dev/full")
        let bufferedError = #expect(throws: FileIOError.self) { try buffered.write([UInt8](repeating: 65, count: 5000)) }
        #expect(bufferedError?.description.hasPrefix("write /dev/full: ") == true)
    }
}
