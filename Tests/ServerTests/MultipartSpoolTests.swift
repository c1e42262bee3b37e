import Foundation
import NIOCore
import Testing

@testable import Server

@Suite("Multipart upload spooling") struct MultipartSpoolTests {
    /// The body in chunks of `size` bytes, as the network delivers it.
    struct Chunks: AsyncSequence {
        typealias Element = ByteBuffer
        let bytes: [UInt8]
        let size: Int
        struct AsyncIterator: AsyncIteratorProtocol {
            var rest: ArraySlice<UInt8>
            let size: Int
            mutating func next() async -> ByteBuffer? {
                guard !rest.isEmpty else { return nil }
                let n = Swift.min(size, rest.count)
                defer { rest = rest.dropFirst(n) }
                return ByteBuffer(bytes: rest.prefix(n))
            }
        }
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: bytes[...], size: size) }
    }

    func spool(_ body: MultipartBody, chunk: Int, limit: Int64 = 1 << 20) async throws -> (MultipartSpool, String) {
        let dir = NSTemporaryDirectory() + "spool-test-\(UUID().uuidString)"
        let b = body.body
        let s = try await MultipartSpool.read(
            Chunks(bytes: Array(b.readableBytesView), size: chunk),
            boundary: body.boundary, into: dir, limit: limit)
        return (s, dir)
    }

    @Test(arguments: [1, 7, 64, 100_000]) func partsSurviveAnyChunking(chunk: Int) async throws {
        var m = MultipartBody()
        m.field("csrf", "t0ken")
        // Contents that hold the delimiter's prefix and CRLFs, to catch an early split.
        let first = Data("a,b\r\n1,2\r\n--not-the-boundary\r\n\r\n-".utf8)
        let second = Data((0..<3000).map { UInt8($0 % 251) })
        m.file("file", filename: "one.csv", contents: first)
        m.file("file", filename: "two.xlsx", contents: second)
        let (s, dir) = try await spool(m, chunk: chunk)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(s.fields == ["csrf": "t0ken"])
        #expect(s.files.map(\.name) == ["one.csv", "two.xlsx"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.files[0].path)) == first)
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.files[1].path)) == second)
        #expect(s.files.map { ($0.path as NSString).lastPathComponent } == ["1.csv", "2.xlsx"])
    }

    @Test func fileNamesNeverBecomePaths() async throws {
        var m = MultipartBody()
        m.file("file", filename: "../../../etc/passwd", contents: Data("x".utf8))
        m.file("file", filename: "C:\\\\Users\\\\lab\\\\plate 3.csv", contents: Data("y".utf8))
        m.file("file", filename: "..", contents: Data("z".utf8))
        m.file("file", filename: "evil.c$v;rm", contents: Data("w".utf8))
        let (s, dir) = try await spool(m, chunk: 13)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(s.files.map(\.name) == ["passwd", "plate 3.csv", "upload-3", "evil.c$v;rm"])
        for f in s.files { #expect((f.path as NSString).deletingLastPathComponent == dir) }
        #expect(s.files.map { ($0.path as NSString).lastPathComponent } == ["1", "2.csv", "3", "4"])
    }

    @Test func overTheLimitIsTooLarge() async throws {
        var m = MultipartBody()
        m.file("file", filename: "big.csv", contents: Data(count: 10_000))
        await #expect(throws: MultipartSpool.Failure.tooLarge) { _ = try await spool(m, chunk: 1024, limit: 5000) }
    }

    @Test func aTruncatedBodyIsMalformed() async throws {
        var m = MultipartBody()
        m.file("file", filename: "a.csv", contents: Data("abc".utf8))
        let dir = NSTemporaryDirectory() + "spool-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = Array(m.body.readableBytesView).dropLast(10)
        await #expect(throws: MultipartSpool.Failure.self) {
            _ = try await MultipartSpool.read(Chunks(bytes: Array(bytes), size: 5), boundary: m.boundary, into: dir, limit: 1 << 20)
        }
    }

    @Test func boundaryFromContentType() {
        #expect(MultipartSpool.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartSpool.boundary(contentType: "multipart/form-data; charset=utf-8; boundary=\"x y\"") == "x y")
        #expect(MultipartSpool.boundary(contentType: "application/json") == nil)
        #expect(MultipartSpool.boundary(contentType: nil) == nil)
    }
}
