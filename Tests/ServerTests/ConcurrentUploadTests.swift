import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Portal
import Store
import Testing

@testable import Server

@Suite("Concurrent uploads on loopback") struct ConcurrentUploadTests {
    /// 20 uploads at once through a real server on loopback: every one gets its own batch, and
    /// the catalog holds all 20 with every row each file had.
    @Test(.timeLimit(.minutes(2))) func twentyConcurrentUploadsAreAllStored() async throws {
        // No panel or manifest for this study: the rows are stored as the files give them.
        let f = try PortalFixture(reportInputs: false)
        defer { f.remove() }
        let uploads = 20, rowsPerFile = 12
        let bodies: [MultipartBody] = (0..<uploads).map { i in
            var csv = "subject,visit,date,assay,analyte,statistic,value,unit,denominator\n"
            for r in 0..<rowsPerFile {
                csv +=
                    "LT-\(String(format: "%03d", i)),BASELINE,2023-01-0\(r % 9 + 1),clinical,EOSINOPHILS,abs_count,\(100 + r),cells/µL,\n"
            }
            var m = MultipartBody()
            m.file("file", filename: "load-\(i).csv", contents: Data(csv.utf8))
            return m
        }
        let started = Date()
        try await f.app().test(.live) { client in
            let verdicts = try await withThrowingTaskGroup(of: (HTTPResponse.Status, Verdict?).self) { group in
                for m in bodies {
                    group.addTask {
                        // One connection per upload (the framework's own client is one
                        // HTTP/1.1 connection, which would serialise them).
                        let c = TestClient(
                            host: "127.0.0.1", port: try #require(client.port),
                            configuration: .init(timeout: .seconds(120)))
                        c.connect()
                        var h = f.bearer("lab-a")
                        h[.contentType] = m.contentType
                        let r = try await c.post("/api/v1/studies/\(PortalFixture.study)/uploads", headers: h, body: m.body)
                        try await c.shutdown()
                        return (r.status, try? r.body?.decode(Verdict.self))
                    }
                }
                var all: [(HTTPResponse.Status, Verdict?)] = []
                for try await v in group { all.append(v) }
                return all
            }
            #expect(verdicts.allSatisfy { $0.0 == .created })
            let batches = verdicts.compactMap { $0.1?.batch }
            #expect(Set(batches).count == uploads)
            #expect(verdicts.allSatisfy { $0.1?.stored == rowsPerFile })
        }
        let seconds = Date().timeIntervalSince(started)
        let store = try #require(f.core.studies.store(PortalFixture.study))
        let committed = try store.catalog.batches()
        #expect(committed.count == uploads)
        #expect(committed.map(\.rowsAccepted).reduce(0, +) == Int64(uploads * rowsPerFile))
        #expect(
            Set(try store.catalog.sources(generation: store.catalog.currentGeneration()).map(\.name))
                == Set((0..<uploads).map { "load-\($0).csv" }))
        print("20 concurrent uploads on loopback: \(String(format: "%.2f", seconds)) s")
    }
}
