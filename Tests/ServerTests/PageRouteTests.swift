import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

@Suite("Portal pages") struct PageRouteTests {
    /// Signs in through the form (GET for the CSRF cookie, POST); returns the session cookie.
    static func signIn(
        _ client: some TestClientProtocol, _ f: PortalFixture, _ name: String,
        password: String? = nil
    ) async throws -> (TestResponse, String?) {
        let form = try await client.execute(uri: "/login", method: .get)
        let csrfCookie = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("immunopipe_login=") })
        let csrf = String(csrfCookie.dropFirst("immunopipe_login=".count).prefix { $0 != ";" })
        #expect(form.body.text.contains("value=\"\(csrf)\""))
        let body = "csrf=\(csrf)&name=\(name)&password=\(password ?? f.passwords[name]!)"
        let r = try await client.execute(
            uri: "/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "immunopipe_login=\(csrf)"],
            body: ByteBuffer(string: body))
        let session = r.headers[values: .setCookie].first { $0.hasPrefix("immunopipe_session=") && !$0.hasPrefix("immunopipe_session=;") }
        return (r, session.map { String($0.prefix { $0 != ";" }) })
    }

    static func csrf(in page: String) -> String? {
        guard let r = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page[r.upperBound...].prefix { $0 != "\"" })
    }

    @Test func signInSetsAStrictHttpOnlySessionCookieAndPagesNeedIt() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        try await f.app().test(.router) { client in
            var r = try await client.execute(uri: "/studies", method: .get)
            #expect(r.status == .seeOther && r.headers[.location] == "/login")
            let (login, cookie) = try await Self.signIn(client, f, "lab-a")
            #expect(login.status == .seeOther && login.headers[.location] == "/studies")
            let set = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("immunopipe_session=") })
            #expect(set.contains("HttpOnly") && set.contains("SameSite=Strict"))
            r = try await client.execute(uri: "/studies", method: .get, headers: [.cookie: try #require(cookie)])
            #expect(r.status == .ok && r.body.text.contains(PortalFixture.study))
            #expect(r.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            let audit = try f.core.studies.store(PortalFixture.study)!.catalog.auditLog()
            #expect(audit.contains { $0.action == "portal-login" && $0.user == "portal:lab-a" })
        }
    }

    @Test func signInRefusals() async throws {
        let f = try PortalFixture(loginAttempts: 3)
        defer { f.remove() }
        try await f.app().test(.router) { client in
            // Wrong password: 401, no session.
            var (r, cookie) = try await Self.signIn(client, f, "res", password: "wrong")
            #expect(r.status == .unauthorized && cookie == nil)
            // No CSRF token: 403 even with the right password.
            r = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=res&password=\(f.passwords["res"]!)"))
            #expect(r.status == .forbidden)
            // Rate limit: after 3 failures even the right password gets 429.
            _ = try await Self.signIn(client, f, "res", password: "wrong")
            _ = try await Self.signIn(client, f, "res", password: "wrong")
            (r, cookie) = try await Self.signIn(client, f, "res")
            #expect(r.status == .tooManyRequests && cookie == nil)
            // Another account is not affected.
            (r, cookie) = try await Self.signIn(client, f, "stat")
            #expect(r.status == .seeOther && cookie != nil)
        }
    }

    @Test func uploadFormNeedsItsCSRFTokenAndShowsTheVerdict() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        try await f.app().test(.router) { client in
            let (_, c) = try await Self.signIn(client, f, "lab-a")
            let cookie = try #require(c)
            let page = try await client.execute(uri: "/studies/\(PortalFixture.study)/upload", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok && page.body.text.contains("type=\"file\" name=\"file\" id=\"file\" multiple"))
            let token = try #require(Self.csrf(in: page.body.text))
            // Without the token: 403 and nothing stored.
            var m = MultipartBody()
            try m.file("file", path: PortalFixture.flowJo(0))
            var r = try await client.execute(
                uri: "/studies/\(PortalFixture.study)/upload", method: .post,
                headers: [.cookie: cookie, .contentType: m.contentType], body: m.body)
            #expect(r.status == .forbidden)
            #expect(try f.core.studies.store(PortalFixture.study)!.catalog.batches().isEmpty)
            // With it: a redirect to the batch's verdict page.
            m = MultipartBody()
            m.field("csrf", token)
            try m.file("file", path: PortalFixture.flowJo(0))
            try m.file("file", path: PortalFixture.flowJo(1))
            r = try await client.execute(
                uri: "/studies/\(PortalFixture.study)/upload", method: .post,
                headers: [.cookie: cookie, .contentType: m.contentType], body: m.body)
            #expect(r.status == .seeOther)
            let location = try #require(r.headers[.location])
            #expect(location.hasPrefix("/studies/\(PortalFixture.study)/batches/"))
            r = try await client.execute(uri: location, method: .get, headers: [.cookie: cookie])
            #expect(r.status == .ok)
            #expect(r.body.text.contains(((PortalFixture.flowJo(1)) as NSString).lastPathComponent))
            // Another site's lab cannot open it; a researcher can; the overview lists it.
            let (_, other) = try await Self.signIn(client, f, "lab-b")
            r = try await client.execute(uri: location, method: .get, headers: [.cookie: try #require(other)])
            #expect(r.status == .forbidden)
            let (_, res) = try await Self.signIn(client, f, "res")
            r = try await client.execute(uri: location, method: .get, headers: [.cookie: try #require(res)])
            #expect(r.status == .ok)
            r = try await client.execute(uri: "/studies/\(PortalFixture.study)", method: .get, headers: [.cookie: try #require(res)])
            #expect(r.status == .ok && r.body.text.contains("Site A"))
            // A researcher has no upload page; an outsider no study page.
            r = try await client.execute(uri: "/studies/\(PortalFixture.study)/upload", method: .get, headers: [.cookie: try #require(res)])
            #expect(r.status == .forbidden)
            let (_, outsider) = try await Self.signIn(client, f, "outsider")
            r = try await client.execute(uri: "/studies/\(PortalFixture.study)", method: .get, headers: [.cookie: try #require(outsider)])
            #expect(r.status == .forbidden)
        }
    }

    @Test func plateQCLeveyJenningsAndTheirAccessRules() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        try await f.app().test(.router) { client in
            let (_, c) = try await Self.signIn(client, f, "lab-a")
            let cookie = try #require(c)
            let page = try await client.execute(uri: "/studies/\(PortalFixture.study)/upload", method: .get, headers: [.cookie: cookie])
            var m = MultipartBody()
            m.field("csrf", try #require(Self.csrf(in: page.body.text)))
            let plates = try FileManager.default.contentsOfDirectory(atPath: PortalFixture.sample("exports/xponent")).sorted()
            try m.file("file", path: PortalFixture.sample("exports/xponent/\(plates[0])"))
            var r = try await client.execute(
                uri: "/studies/\(PortalFixture.study)/upload", method: .post,
                headers: [.cookie: cookie, .contentType: m.contentType], body: m.body)
            let verdictPage = try #require(r.headers[.location])
            r = try await client.execute(uri: verdictPage, method: .get, headers: [.cookie: cookie])
            // The verdict links to the plate's QC page, which draws each analyte's fitted curve.
            let qc = verdictPage + "/qc"
            #expect(r.body.text.contains("href=\"\(qc)\""))
            r = try await client.execute(uri: qc, method: .get, headers: [.cookie: cookie])
            #expect(r.status == .ok)
            #expect(r.body.text.contains("<svg") && r.body.text.contains("LLOQ"))
            // Another site's lab may not see this plate's QC either.
            let (_, other) = try await Self.signIn(client, f, "lab-b")
            r = try await client.execute(uri: qc, method: .get, headers: [.cookie: try #require(other)])
            #expect(r.status == .forbidden)
            // An unknown batch is a 404 with the reason, not a server error.
            r = try await client.execute(uri: "/studies/\(PortalFixture.study)/batches/999/qc", method: .get, headers: [.cookie: cookie])
            #expect(r.status == .forbidden || r.status == .notFound)
            // Levey-Jennings across the study's plates.
            let (_, res) = try await Self.signIn(client, f, "res")
            r = try await client.execute(
                uri: "/studies/\(PortalFixture.study)/qc/levey-jennings", method: .get,
                headers: [.cookie: try #require(res)])
            #expect(r.status == .ok && r.body.text.contains("Levey"))
        }
    }

    @Test func reportsPageRunsABlindedReportAndSignOutEndsTheSession() async throws {
        let f = try PortalFixture()
        defer { f.remove() }
        try await f.app().test(.router) { client in
            let (_, c) = try await Self.signIn(client, f, "res")
            let cookie = try #require(c)
            let page = try await client.execute(uri: "/studies/\(PortalFixture.study)/reports", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok && !page.body.text.contains("name=\"randomization\""))
            var m = MultipartBody()
            m.field("csrf", try #require(Self.csrf(in: page.body.text)))
            var r = try await client.execute(
                uri: "/studies/\(PortalFixture.study)/reports", method: .post,
                headers: [.cookie: cookie, .contentType: m.contentType], body: m.body)
            #expect(r.status == .ok)
            #expect(r.body.text.contains("blinded, arms pooled") && r.body.text.contains("files/report.html"))
            // Sign out needs the token too, then the cookie no longer works.
            r = try await client.execute(
                uri: "/logout", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(Self.csrf(in: page.body.text)!)"))
            #expect(r.status == .seeOther)
            r = try await client.execute(uri: "/studies", method: .get, headers: [.cookie: cookie])
            #expect(r.status == .seeOther && r.headers[.location] == "/login")
        }
    }
}
