import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Portal
import Store
import Testing

@testable import Server

@Suite("Portal JSON API") struct APIRouteTests {
    static let uploads = "/api/v1/studies/\(PortalFixture.study)/uploads"

    func upload(_ client: some TestClientProtocol, _ f: PortalFixture, as name: String, files: [String]) async throws -> TestResponse {
        var m = MultipartBody()
        for p in files { try m.file("file", path: p) }
        var headers = f.bearer(name)
        headers[.contentType] = m.contentType
        return try await client.execute(uri: Self.uploads, method: .post, headers: headers, body: m.body)
    }

    @Test func uploadOfTwoFlowJoFilesIsStoredAndItsVerdictMatchesTheCatalog() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        try await f.app().test(.router) { client in
            let r = try await upload(client, f, as: "lab-a", files: [PortalFixture.flowJo(0), PortalFixture.flowJo(1)])
            #expect(r.status == .created)
            let v = try r.body.decode(Verdict.self)
            let batch = try #require(v.batch)
            #expect(v.files.map(\.name) == [PortalFixture.flowJo(0), PortalFixture.flowJo(1)].map { ($0 as NSString).lastPathComponent })
            #expect(v.files.allSatisfy { $0.outcome == "stored" && $0.format.hasPrefix("flowjo") })
            // The verdict's counts are the catalog's for that batch.
            let store = try #require(f.core.studies.store(PortalFixture.study))
            let info = try #require(try store.catalog.batches().first { $0.id == batch })
            #expect(Int64(v.stored) == info.rowsAccepted && v.stored > 0)
            #expect(try store.catalog.sources(batch: batch).map(\.name).sorted() == v.files.map(\.name).sorted())
            // The raw JSON has the issue's shape, batch included.
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any])
            #expect(Set(json.keys) == ["batch", "stored", "rejected", "warnings", "files", "diagnostics"])
            // Audited with the portal user.
            let audit = try store.catalog.auditLog().filter { $0.action == "portal-upload" }
            #expect(audit.count == 1 && audit[0].user == "portal:lab-a" && audit[0].details.contains("batch \(batch)"))
        }
    }

    @Test func aFileThatCannotBeReadStillGetsAVerdictWithItsDiagnostic() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        try await f.app().test(.router) { client in
            var m = MultipartBody()
            m.file("file", filename: "notes.csv", contents: Data("this is not,an export\n1,2\n".utf8))
            var headers = f.bearer("lab-a")
            headers[.contentType] = m.contentType
            let r = try await client.execute(uri: Self.uploads, method: .post, headers: headers, body: m.body)
            #expect(r.status == .created)
            let v = try r.body.decode(Verdict.self)
            #expect(v.files.count == 1 && v.files[0].outcome == "rejected" && v.stored == 0)
            #expect(v.diagnostics.contains { $0.file == "notes.csv" && $0.severity == "error" })
        }
    }

    @Test func refusals() async throws {
        let f = try PortalFixture(maxUploadBytes: 4096)
        defer { f.remove() }
        try await f.app().test(.router) { client in
            var m = MultipartBody()
            m.file("file", filename: "a.csv", contents: Data("x\n".utf8))
            // 401: no token, a wrong token.
            var r = try await client.execute(uri: Self.uploads, method: .post, headers: [.contentType: m.contentType], body: m.body)
            #expect(r.status == .unauthorized)
            #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            r = try await client.execute(
                uri: Self.uploads, method: .post,
                headers: [.contentType: m.contentType, .authorization: "Bearer ipt_\(String(repeating: "0", count: 64))"], body: m.body)
            #expect(r.status == .unauthorized)
            // 403: another study's account; a role that may not upload.
            for name in ["outsider", "res", "stat"] {
                var h = f.bearer(name)
                h[.contentType] = m.contentType
                r = try await client.execute(uri: Self.uploads, method: .post, headers: h, body: m.body)
                #expect(r.status == .forbidden, "\(name)")
            }
            // 413 over the configured size (5 KB against 4 KB).
            var big = MultipartBody()
            big.file("file", filename: "big.csv", contents: Data(repeating: UInt8(ascii: "x"), count: 5000))
            var h = f.bearer("lab-a")
            h[.contentType] = big.contentType
            r = try await client.execute(uri: Self.uploads, method: .post, headers: h, body: big.body)
            #expect(r.status == .contentTooLarge)
            // 400: not multipart.
            h = f.bearer("lab-a")
            h[.contentType] = "text/plain"
            r = try await client.execute(uri: Self.uploads, method: .post, headers: h, body: ByteBuffer(string: "x"))
            #expect(r.status == .badRequest)
            // Nothing was stored by any of these.
            #expect(try f.core.studies.store(PortalFixture.study)!.catalog.batches().isEmpty)
            // Reading: 401, wrong study 403, lab reports 403.
            r = try await client.execute(uri: "/api/v1/studies/\(PortalFixture.study)/batches", method: .get)
            #expect(r.status == .unauthorized)
            r = try await client.execute(uri: "/api/v1/studies/\(PortalFixture.study)/batches", method: .get, headers: f.bearer("outsider"))
            #expect(r.status == .forbidden)
            r = try await client.execute(uri: "/api/v1/studies/\(PortalFixture.study)/reports", method: .get, headers: f.bearer("lab-a"))
            #expect(r.status == .forbidden)
            r = try await client.execute(uri: "/api/v1/studies/\(PortalFixture.study)/batches/999", method: .get, headers: f.bearer("res"))
            #expect(r.status == .notFound)
        }
    }

    @Test func aLabSeesOnlyItsOwnSitesUploads() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        try await f.app().test(.router) { client in
            let a = try await upload(client, f, as: "lab-a", files: [PortalFixture.flowJo(0)]).body.decode(Verdict.self)
            let b = try await upload(client, f, as: "lab-b", files: [PortalFixture.flowJo(1)]).body.decode(Verdict.self)
            let (ba, bb) = (try #require(a.batch), try #require(b.batch))
            func list(_ name: String) async throws -> [Int64] {
                let r = try await client.execute(
                    uri: "/api/v1/studies/\(PortalFixture.study)/batches", method: .get, headers: f.bearer(name))
                #expect(r.status == .ok)
                return try r.body.decode(APIRoutes.BatchList.self).batches.map(\.id)
            }
            #expect(try await list("lab-a") == [ba])
            #expect(try await list("lab-b") == [bb])
            #expect(try await list("res") == [bb, ba])
            let path = "/api/v1/studies/\(PortalFixture.study)/batches/"
            var r = try await client.execute(uri: path + "\(ba)", method: .get, headers: f.bearer("lab-a"))
            #expect(r.status == .ok)
            #expect(try r.body.decode(Verdict.self) == a)
            r = try await client.execute(uri: path + "\(ba)", method: .get, headers: f.bearer("lab-b"))
            #expect(r.status == .forbidden)
            r = try await client.execute(uri: path + "\(ba)", method: .get, headers: f.bearer("outsider"))
            #expect(r.status == .forbidden)
            r = try await client.execute(uri: path + "abc", method: .get, headers: f.bearer("res"))
            #expect(r.status == .badRequest)
        }
    }

    @Test func blindedUsersNeverReceiveArms() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        try await f.app().test(.router) { client in
            _ = try await upload(client, f, as: "lab-a", files: [PortalFixture.flowJo(0), PortalFixture.flowJo(1)])
            let reports = "/api/v1/studies/\(PortalFixture.study)/reports"
            // A researcher runs a blinded report.
            var r = try await client.execute(uri: reports, method: .post, headers: f.bearer("res"))
            #expect(r.status == .created, "\(r.body.text)")
            let blinded = try r.body.decode(ReportRow.self)
            #expect(blinded.blinded && blinded.files.contains("report.html") && blinded.files.contains("cfb.csv"))
            // A researcher who sends the randomization is refused; a statistician unblinds.
            var m = MultipartBody()
            try m.file("randomization", path: PortalFixture.sample("sealed/randomization.csv"))
            var h = f.bearer("res")
            h[.contentType] = m.contentType
            r = try await client.execute(uri: reports, method: .post, headers: h, body: m.body)
            #expect(r.status == .forbidden)
            h = f.bearer("stat")
            h[.contentType] = m.contentType
            r = try await client.execute(uri: reports, method: .post, headers: h, body: m.body)
            #expect(r.status == .created, "\(r.body.text)")
            let unblinded = try r.body.decode(ReportRow.self)
            #expect(!unblinded.blinded)
            // The researcher's list holds only the blinded report; the statistician's both.
            r = try await client.execute(uri: reports, method: .get, headers: f.bearer("res"))
            #expect(try r.body.decode(APIRoutes.ReportList.self).reports.map(\.id) == [blinded.id])
            r = try await client.execute(uri: reports, method: .get, headers: f.bearer("stat"))
            #expect(try r.body.decode(APIRoutes.ReportList.self).reports.map(\.id) == [unblinded.id, blinded.id])
            // Files: the blinded cfb.csv has no arm names from the randomization; the unblinded
            // one is refused to the researcher.
            let arms = Set(
                try String(contentsOfFile: PortalFixture.sample("sealed/randomization.csv"), encoding: .utf8)
                    .split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last.map(String.init) })
            r = try await client.execute(uri: "\(reports)/\(blinded.id)/files/cfb.csv", method: .get, headers: f.bearer("res"))
            #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(!arms.isEmpty && arms.allSatisfy { !r.body.text.contains(",\($0),") })
            r = try await client.execute(uri: "\(reports)/\(unblinded.id)/files/cfb.csv", method: .get, headers: f.bearer("res"))
            #expect(r.status == .forbidden)
            r = try await client.execute(uri: "\(reports)/\(unblinded.id)/files/cfb.csv", method: .get, headers: f.bearer("stat"))
            #expect(r.status == .ok)
            // File names are looked up, never used as paths.
            r = try await client.execute(
                uri: "\(reports)/\(blinded.id)/files/..%2F..%2Fportal.sqlite", method: .get, headers: f.bearer("res"))
            #expect(r.status == .notFound)
            r = try await client.execute(uri: "\(reports)/\(blinded.id)/files/report.html", method: .get, headers: f.bearer("res"))
            #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/html") == true)
            // Lab accounts read no reports; report runs are audited.
            r = try await client.execute(uri: reports, method: .post, headers: f.bearer("lab-a"))
            #expect(r.status == .forbidden)
            let audit = try f.core.studies.store(PortalFixture.study)!.catalog.auditLog().filter { $0.action == "portal-report" }
            #expect(audit.map(\.user) == ["portal:res", "portal:stat"])
        }
    }

    @Test func aStudyWithoutReportInputsAnswersConflict() async throws {
        let f = try PortalFixture(reportInputs: false)
        defer { f.remove() }
        try await f.app().test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/studies/\(PortalFixture.study)/reports", method: .post, headers: f.bearer("res"))
            #expect(r.status == .conflict)
            #expect(r.body.text.contains("definition"))
        }
    }

    @Test func openAPIDocumentIsServedAndNamesEveryRoute() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        try await f.app().test(.router) { client in
            let r = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
            #expect(r.status == .ok)
            let doc = r.body.text
            #expect(doc.hasPrefix("openapi: 3."))
            for path in [
                "/api/v1/openapi.yaml:", "/api/v1/studies/{study}/uploads:", "/api/v1/studies/{study}/batches:",
                "/api/v1/studies/{study}/batches/{id}:", "/api/v1/studies/{study}/reports:",
                "/api/v1/studies/{study}/reports/{id}/files/{name}:",
            ] {
                #expect(doc.contains("  \(path)\n"), "\(path)")
            }
        }
    }

    @Test func tokensAreStoredOnlyAsHashesAndANewTokenRevokesTheOld() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        let old = f.tokens["res"]!
        for file in ["portal.sqlite", "portal.sqlite-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: "\(f.dir)/\(file)"))) ?? Data()
            #expect(!String(decoding: bytes, as: UTF8.self).contains(old), "\(file)")
        }
        let new = try f.core.accounts.newToken(name: "res")
        #expect(try f.core.accounts.account(token: old) == nil)
        #expect(try f.core.accounts.account(token: new)?.name == "res")
        #expect(
            Secrets.constantTimeEqual("abc", "abc") && !Secrets.constantTimeEqual("abc", "abd") && !Secrets.constantTimeEqual("ab", "abc"))
    }
}
