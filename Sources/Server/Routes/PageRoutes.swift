import Analysis
import Foundation
import Hummingbird
import Portal
import Report
import Store

/// The browser's pages: sign-in with a session cookie, forms with CSRF tokens, the pages of
/// `Portal` rendered from the same data the API returns.
struct PageRoutes: Sendable {
    let core: PortalCore
    static let sessionCookie = "immunopipe_session"
    static let loginCSRFCookie = "immunopipe_login"

    /// A signed-in browser: the account and its session's CSRF token.
    struct Session {
        var account: Account
        var csrf: String
        var viewer: Viewer { Viewer(name: account.name, role: account.role.rawValue, study: account.study, site: account.site, csrf: csrf) }
    }

    /// Thrown to answer with a page instead of continuing (a redirect to sign in, a refusal).
    struct PageAnswer: Error { var response: Response }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            redirect(try session(request) == nil ? "/login" : "/studies")
        }
        router.get("login") { request, _ in loginForm(request) }
        router.post("login") { request, _ in try await login(request) }
        router.post("logout") { request, _ in try await logout(request) }
        router.get("studies") { request, _ in
            try page(request) { s in
                let ids = core.studies.studies().filter { $0 == s.account.study }
                let rows = ids.map { id in
                    StudiesPage.Study(
                        id: id, batches: (try? core.studies.store(id).map { try core.batches(s.account, store: $0).count } ?? 0) ?? 0)
                }
                return html(StudiesPage.render(viewer: s.viewer, studies: rows))
            }
        }
        router.get("studies/{study}") { request, context in
            try page(request) { s in
                let store = try core.memberStore(s.account, try context.parameters.require("study"))
                return html(OverviewPage.render(viewer: s.viewer, study: store.study, batches: try core.batches(s.account, store: store)))
            }
        }
        router.get("studies/{study}/upload") { request, context in
            try page(request) { s in
                let store = try core.memberStore(s.account, try context.parameters.require("study"))
                try core.requireUpload(s.account)
                return html(UploadPage.render(viewer: s.viewer, study: store.study, maxBytes: core.configuration.maxUploadBytes))
            }
        }
        router.post("studies/{study}/upload") { request, context in try await upload(request, context) }
        router.get("studies/{study}/batches/{id}") { request, context in
            try page(request) { s in
                let store = try core.memberStore(s.account, try context.parameters.require("study"))
                let (verdict, site) = try core.verdict(s.account, store: store, batch: try context.parameters.require("id", as: Int64.self))
                return html(
                    VerdictPage.render(
                        viewer: s.viewer, study: store.study, verdict: verdict, site: site,
                        plateQC: { "/studies/\(store.study)/batches/\($0)/qc" }))
            }
        }
        // The QC pages are the same functions `immunopipe qc` writes to files; access follows the
        // verdict's (a lab member sees only its own site's batches).
        router.get("studies/{study}/batches/{id}/qc") { request, context in
            try page(request) { s in
                let store = try core.memberStore(s.account, try context.parameters.require("study"))
                let batch = try context.parameters.require("id", as: Int64.self)
                _ = try core.verdict(s.account, store: store, batch: batch)
                return html(try qcPage { try PlateQCPage.html(store: store, batch: batch) })
            }
        }
        router.get("studies/{study}/qc/levey-jennings") { request, context in
            try page(request) { s in
                let store = try core.memberStore(s.account, try context.parameters.require("study"))
                return html(try qcPage { try LeveyJenningsPage.html(store: store) })
            }
        }
        router.get("studies/{study}/coverage") { request, context in
            try page(request) { s in
                let store = try core.memberStore(s.account, try context.parameters.require("study"))
                guard let path = try core.studies.settings(store.study).definition else {
                    throw HTTPError(
                        .conflict,
                        message: "the coverage matrix needs the study definition: set \"definition\" in \(store.study).portal.json")
                }
                let definition = try qcPage { try StudyDefinition.load(path: path) }
                return html(try qcPage { try CoveragePage.html(store: store, study: definition) })
            }
        }
        router.get("studies/{study}/reports") { request, context in
            try page(request) { s in
                _ = try core.memberStore(s.account, try context.parameters.require("study"))
                try core.requireReports(s.account)
                return html(
                    ReportsPage.render(
                        viewer: s.viewer, study: s.account.study,
                        reports: try core.reportRows(s.account, study: s.account.study)))
            }
        }
        router.post("studies/{study}/reports") { request, context in try await runReport(request, context) }
        router.get("studies/{study}/reports/{id}/files/{name}") { request, context in
            guard let s = try session(request) else { return redirect("/login") }
            do {
                _ = try core.memberStore(s.account, try context.parameters.require("study"))
                try core.requireReports(s.account)
                let path = try core.reportFile(
                    s.account, study: s.account.study, id: try context.parameters.require("id", as: Int64.self),
                    name: try context.parameters.require("name"))
                return try await FileResponses.download(path: path, context: context)
            } catch let e as HTTPError {
                return errorPage(e, viewer: s.viewer)
            }
        }
    }

    // MARK: sign-in

    func loginForm(_ request: Request, error: String? = nil, status: HTTPResponse.Status = .ok, name: String = "") -> Response {
        let token = Secrets.random(bytes: 16)
        var r = html(LoginPage.render(csrf: token, error: error, name: name), status: status)
        r.setCookie(cookie(Self.loginCSRFCookie, token, request: request, maxAge: 3600))
        return r
    }

    func login(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        let name = form["name"] ?? "", password = form["password"] ?? ""
        guard let expected = request.cookies[Self.loginCSRFCookie]?.value,
            Secrets.constantTimeEqual(expected, form["csrf"] ?? "")
        else {
            return loginForm(request, error: "The form expired; please sign in again.", status: .forbidden, name: name)
        }
        if core.limiter.isBlocked(name) {
            return loginForm(
                request, error: "Too many failed sign-ins for this account; wait a few minutes.", status: .tooManyRequests, name: name)
        }
        guard let account = try core.accounts.verify(name: name, password: password) else {
            core.limiter.fail(name)
            core.audit(
                core.studies.store((try? core.accounts.account(named: name))??.study ?? ""), "portal-login-failed", "failed sign-in",
                user: name)
            return loginForm(request, error: "Unknown account or wrong password.", status: .unauthorized, name: name)
        }
        core.limiter.succeed(name)
        let session = try core.accounts.startSession(for: account.name)
        core.audit(core.studies.store(account.study), "portal-login", "signed in", user: account.name)
        var r = redirect("/studies")
        r.setCookie(cookie(Self.sessionCookie, session.id, request: request, maxAge: 8 * 3600))
        r.setCookie(cookie(Self.loginCSRFCookie, "", request: request, maxAge: 0))
        return r
    }

    func logout(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        if let id = request.cookies[Self.sessionCookie]?.value, let s = try core.accounts.session(id),
            Secrets.constantTimeEqual(s.csrf, form["csrf"] ?? "")
        {
            try core.accounts.endSession(id)
            core.audit(core.studies.store(s.account.study), "portal-logout", "signed out", user: s.account.name)
        }
        var r = redirect("/login")
        r.setCookie(cookie(Self.sessionCookie, "", request: request, maxAge: 0))
        return r
    }

    /// HttpOnly, SameSite=Strict, Path=/; Secure when the reverse proxy says the client used HTTPS.
    func cookie(_ name: String, _ value: String, request: Request, maxAge: Int) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/",
            secure: request.headers[.init("X-Forwarded-Proto")!] == "https", httpOnly: true, sameSite: .strict)
    }

    func session(_ request: Request) throws -> Session? {
        guard let id = request.cookies[Self.sessionCookie]?.value, !id.isEmpty,
            let s = try core.accounts.session(id)
        else { return nil }
        return Session(account: s.account, csrf: s.csrf)
    }

    /// Runs a page body for a signed-in browser; refusals become error pages.
    func page(_ request: Request, _ body: (Session) throws -> Response) throws -> Response {
        guard let s = try session(request) else { return redirect("/login") }
        do { return try body(s) } catch let e as HTTPError { return errorPage(e, viewer: s.viewer) }
    }

    /// A QC page's own failures (an unknown batch, an unreadable study definition) as a 404 page
    /// with the reason, not a 500.
    func qcPage<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as HTTPError { throw e } catch {
            throw HTTPError(.notFound, message: "\(error)")
        }
    }

    func errorPage(_ e: HTTPError, viewer: Viewer?) -> Response {
        html(ErrorPage.render(status: Int(e.status.code), message: e.body ?? e.status.reasonPhrase, viewer: viewer), status: e.status)
    }

    // MARK: forms with files

    func upload(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let s = try session(request) else { return redirect("/login") }
        do {
            let store = try core.memberStore(s.account, try context.parameters.require("study"))
            try core.requireUpload(s.account)
            let (spool, dir) = try await core.spool(request)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            guard Secrets.constantTimeEqual(s.csrf, spool.fields["csrf"] ?? "") else {
                throw HTTPError(.forbidden, message: "the form's CSRF token is missing or wrong; reload the upload page")
            }
            guard spool.files.contains(where: { $0.field == "file" }) else {
                throw HTTPError(.badRequest, message: "choose one or more files to upload")
            }
            let (verdict, _) = try await core.uploads.ingest(spool, study: store.study, store: store, account: s.account)
            if let batch = verdict.batch { return redirect("/studies/\(HTML.segment(store.study))/batches/\(batch)") }
            return html(VerdictPage.render(viewer: s.viewer, study: store.study, verdict: verdict, site: s.account.site))
        } catch let e as HTTPError {
            return errorPage(e, viewer: s.viewer)
        }
    }

    func runReport(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let s = try session(request) else { return redirect("/login") }
        do {
            let store = try core.memberStore(s.account, try context.parameters.require("study"))
            try core.requireReports(s.account)
            let (spool, dir) = try await core.spool(request)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            guard Secrets.constantTimeEqual(s.csrf, spool.fields["csrf"] ?? "") else {
                throw HTTPError(.forbidden, message: "the form's CSRF token is missing or wrong; reload the reports page")
            }
            let randomization = spool.files.first(where: { $0.field == "randomization" && $0.size > 0 })?.path
            if randomization != nil && !s.account.role.mayUnblind {
                throw HTTPError(.forbidden, message: "only a statistician may unblind a report")
            }
            var message: String
            do {
                let row = try await core.reports.run(study: store.study, store: store, account: s.account, randomization: randomization)
                message = "Report \(row.id) written (\(row.blinded ? "blinded, arms pooled" : "unblinded"))."
            } catch let e as ReportService.Failure {
                message = "No report: \(e.description)"
            } catch let e as HTTPError {
                throw e
            } catch {
                message = "No report: \(error)"
            }
            return html(
                ReportsPage.render(
                    viewer: s.viewer, study: store.study,
                    reports: try core.reportRows(s.account, study: store.study), message: message))
        } catch let e as HTTPError {
            return errorPage(e, viewer: s.viewer)
        }
    }

    /// An application/x-www-form-urlencoded body (sign-in, sign-out: a few fields).
    static func form(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        return parseForm(String(buffer: buffer))
    }

    static func parseForm(_ s: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in s.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ x: Substring) -> String {
                String(x).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            out[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return out
    }
}

/// A page: HTML with the headers every page carries (no framing, no sniffing, a CSP that allows
/// only the page's own inline style and script and requests to this origin).
func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status,
        headers: [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy:
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(string: page)))
}

func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}
