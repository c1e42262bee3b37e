import Foundation
import Hummingbird
import Portal
import Store

/// The JSON API under /api/v1 (bearer tokens). Shapes are fixed by issue 13 and described in
/// `OpenAPIDocument`.
struct APIRoutes: Sendable {
    let core: PortalCore

    func add(to router: Router<BasicRequestContext>) {
        let api = router.group("api/v1")
        api.get("openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        api.post("studies/{study}/uploads") { request, context in try await upload(request, context) }
        api.get("studies/{study}/batches") { request, context in
            let (account, store) = try member(request, context)
            return try json(BatchList(batches: core.batches(account, store: store)))
        }
        api.get("studies/{study}/batches/{id}") { request, context in
            let (account, store) = try member(request, context)
            let id = try context.parameters.require("id", as: Int64.self)
            return try json(core.verdict(account, store: store, batch: id).verdict)
        }
        api.get("studies/{study}/reports") { request, context in
            let (account, _) = try member(request, context)
            try core.requireReports(account)
            return try json(ReportList(reports: core.reportRows(account, study: account.study)))
        }
        api.post("studies/{study}/reports") { request, context in try await runReport(request, context) }
        api.get("studies/{study}/reports/{id}/files/{name}") { request, context in
            let (account, _) = try member(request, context)
            try core.requireReports(account)
            let path = try core.reportFile(
                account, study: account.study, id: try context.parameters.require("id", as: Int64.self),
                name: try context.parameters.require("name"))
            return try await FileResponses.download(path: path, context: context)
        }
    }

    struct BatchList: Codable { var batches: [BatchRow] }
    struct ReportList: Codable { var reports: [ReportRow] }

    /// The account of the request's bearer token, or 401.
    func account(_ request: Request) throws -> Account {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            let account = try core.accounts.account(token: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"immunopipe\""],
                message: "a valid API token is needed: Authorization: Bearer <token>")
        }
        return account
    }

    func member(_ request: Request, _ context: BasicRequestContext) throws -> (Account, StudyStore) {
        let account = try account(request)
        return (account, try core.memberStore(account, try context.parameters.require("study")))
    }

    func upload(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (account, store) = try member(request, context)
        try core.requireUpload(account)
        let (spool, dir) = try await core.spool(request)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard spool.files.contains(where: { $0.field == "file" }) else {
            throw HTTPError(.badRequest, message: "no part named file with a file name")
        }
        let (verdict, _) = try await core.uploads.ingest(spool, study: store.study, store: store, account: account)
        return try json(verdict, status: .created)
    }

    func runReport(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let (account, store) = try member(request, context)
        try core.requireReports(account)
        var randomization: String?
        var dir: String?
        defer { if let dir { try? FileManager.default.removeItem(atPath: dir) } }
        if MultipartSpool.boundary(contentType: request.headers[.contentType]) != nil {
            let spooled = try await core.spool(request)
            dir = spooled.directory
            randomization = spooled.0.files.first(where: { $0.field == "randomization" && $0.size > 0 })?.path
        }
        if randomization != nil && !account.role.mayUnblind {
            throw HTTPError(.forbidden, message: "only a statistician may unblind a report")
        }
        do {
            let row = try await core.reports.run(study: store.study, store: store, account: account, randomization: randomization)
            return try json(row, status: .created)
        } catch let e as ReportService.Failure {
            throw HTTPError(.conflict, message: e.description)
        } catch let e as HTTPError {
            throw e
        } catch {
            throw HTTPError(.unprocessableContent, message: "\(error)")
        }
    }
}

func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    var buffer = ByteBuffer()
    buffer.writeBytes(try e.encode(value))
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
}

enum FileResponses {
    /// A report file, streamed from disk: HTML shown in the browser (under a CSP that allows
    /// nothing from elsewhere), CSV as a download.
    static func download(path: String, context: some RequestContext) async throws -> Response {
        let name = (path as NSString).lastPathComponent
        let body = try await FileIO().loadFile(path: path, context: context)
        var headers: HTTPFields = [:]
        if name.hasSuffix(".html") {
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
        } else {
            headers[.contentType] = name.hasSuffix(".csv") ? "text/csv; charset=utf-8" : "application/octet-stream"
            headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        }
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: body)
    }
}
