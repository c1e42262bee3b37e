import FileIO
import Foundation
import Testing

/// cfb.csv's writer thread: bytes land in the order given, and a failed write is reported
/// rather than lost.
@Suite struct QueuedFileOutputTests {
    /// Through the page cache, or past it as cfb.csv is written (`DirectFileOutput`).
    @Test(arguments: [false, true])
    func writesLandInOrder(bypassingPageCache: Bool) throws {
        let path = NSTemporaryDirectory() + "queued-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try QueuedFileOutput(creating: path, pending: 1, bypassingPageCache: bypassingPageCache)
        var expected: [UInt8] = []
        for i in 0..<200 {
            let piece = Array("piece \(i)\n".utf8) + [UInt8](repeating: UInt8(i % 250), count: i * 97)
            expected += piece
            try out.write(piece)
        }
        try out.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
    }

    /// Handed-over bytes (cfb.csv's ranges) land in order among plain writes, and each array
    /// comes back whole once written, in order.
    @Test func handedOverBytesComeBackOnceWritten() throws {
        let path = NSTemporaryDirectory() + "queued-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try QueuedFileOutput(creating: path, pending: 1, bypassingPageCache: true)
        final class Returned: @unchecked Sendable {
            let lock = NSLock()
            var arrays: [[UInt8]] = []
        }
        let returned = Returned()
        var expected: [UInt8] = [], handed: [[UInt8]] = []
        for i in 0..<100 {
            let piece = Array("range \(i)\n".utf8) + [UInt8](repeating: UInt8(i % 250), count: i * 131)
            expected += piece
            if i % 3 == 0 {
                try out.write(piece)
            } else {
                handed.append(piece)
                try out.write(HandedOverBytes(piece)) { array in
                    returned.lock.lock()
                    returned.arrays.append(array)
                    returned.lock.unlock()
                }
            }
        }
        try out.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
        #expect(returned.arrays == handed)
    }

    @Test func aFailedWriteIsThrownLater() throws {
        // /dev/full accepts the open and fails every write with ENOSPC.
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let out = try QueuedFileOutput(creating: "/dev/full", pending: 1)
        #expect(throws: (any Error).self) {
            for _ in 0..<10 { try out.write([UInt8](repeating: 65, count: 1 << 16)) }
            try out.close()
        }
    }
}
