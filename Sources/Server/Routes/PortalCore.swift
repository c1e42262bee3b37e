import Foundation
import Hummingbird
import Portal
import Store

/// What both doors (JSON API and pages) need: accounts, the studies, the permission checks, and
/// the data the pages and the API show. Routes only translate HTTP to these calls and back.
public struct PortalCore: Sendable {
    public let configuration: PortalConfiguration
    public let accounts: AccountStore
    public let studies: StudyDirectory
    let limiter: LoginLimiter

    public init(_ configuration: PortalConfiguration) throws {
        self.configuration = configuration
        accounts = try AccountStore(directory: configuration.stores, bcryptCost: configuration.bcryptCost)
        studies = StudyDirectory(root: configuration.stores)
        limiter = LoginLimiter(attempts: configuration.loginAttempts, window: configuration.loginWindow)
    }

    var uploads: UploadService { UploadService(accounts: accounts, studies: studies) }
    var reports: ReportService { ReportService(accounts: accounts, studies: studies) }

    // MARK: permissions

    /// The store of `study` for a member of it: 403 for anyone else, 404 when no such store is
    /// served (asked only of members, so outsiders cannot probe which studies exist).
    func memberStore(_ account: Account, _ study: String) throws -> StudyStore {
        guard account.study == study else { throw HTTPError(.forbidden, message: "\(account.name) is not a member of study \(study)") }
        guard let s = studies.store(study) else { throw HTTPError(.notFound, message: "no store for study \(study) is served") }
        return s
    }

    func requireUpload(_ account: Account) throws {
        guard account.role.mayUpload else { throw HTTPError(.forbidden, message: "role \(account.role.rawValue) may not upload") }
    }

    func requireReports(_ account: Account) throws {
        guard account.role.mayReport else { throw HTTPError(.forbidden, message: "role \(account.role.rawValue) may not read reports") }
    }

    // MARK: data

    /// The batches an account may see, newest first: all of the study's committed batches of the
    /// current generation, or for a lab account only those its site uploaded.
    func batches(_ account: Account, store: StudyStore) throws -> [BatchRow] {
        let uploads = Dictionary(
            try accounts.uploads(study: store.study).compactMap { u in u.batch.map { ($0, u) } },
            uniquingKeysWith: { a, _ in a })
        let generation = try store.catalog.currentGeneration()
        var rows: [BatchRow] = []
        for b in try store.catalog.batches(generation: generation) {
            let upload = uploads[b.id]
            if account.role == .lab && (upload == nil || upload?.site != account.site) { continue }
            let files = try store.catalog.sources(batch: b.id).map(\.name)
            rows.append(
                BatchRow(
                    id: b.id, site: upload?.site ?? "", created: upload?.created ?? b.createdAt,
                    user: upload.map { "portal:\($0.user)" } ?? b.user, rows: b.rowsAccepted,
                    rejected: b.rowsRejected, warnings: b.warnings, files: files))
        }
        return rows.sorted { $0.id > $1.id }
    }

    /// A batch's verdict for an account: 404 when the study has no such batch, 403 when a lab
    /// account asks for another site's batch. Batches ingested by the CLI have no per-row
    /// diagnostics here (they are in the segment's diagnostics table).
    func verdict(_ account: Account, store: StudyStore, batch: Int64) throws -> (verdict: Verdict, site: String?) {
        let upload = try accounts.upload(study: store.study, batch: batch)
        if account.role == .lab {
            guard let upload else {
                if try store.catalog.batches(status: nil).contains(where: { $0.id == batch }) {
                    throw HTTPError(.forbidden, message: "batch \(batch) was not uploaded by site \(account.site ?? "")")
                }
                throw HTTPError(.notFound, message: "no batch \(batch) in study \(store.study)")
            }
            guard upload.site == account.site else {
                throw HTTPError(.forbidden, message: "batch \(batch) was not uploaded by site \(account.site ?? "")")
            }
        }
        if let upload, let v = try? JSONDecoder().decode(Verdict.self, from: Data(upload.verdict.utf8)) {
            return (v, upload.site)
        }
        guard let b = try store.catalog.batches(status: nil).first(where: { $0.id == batch }) else {
            throw HTTPError(.notFound, message: "no batch \(batch) in study \(store.study)")
        }
        let sources = try store.catalog.sources(batch: batch)
        let v = Verdict(
            batch: b.id, stored: Int(b.rowsAccepted), rejected: Int(b.rowsRejected), warnings: Int(b.warnings),
            files: sources.map {
                Verdict.File(
                    name: $0.name, format: $0.format, rows: Int($0.rowsAccepted), rejected: Int($0.rowsRejected),
                    warnings: Int($0.warnings), outcome: $0.rejectedReason.isEmpty ? "stored" : "rejected",
                    message: $0.rejectedReason)
            }, diagnostics: [])
        return (v, nil)
    }

    /// A report's file for an account: the name must be one the report run wrote (never a path),
    /// and an unblinded report is only for statisticians.
    func reportFile(_ account: Account, study: String, id: Int64, name: String) throws -> String {
        guard let r = try reports.visible(study: study, to: account).first(where: { $0.id == id }) else {
            if try accounts.reports(study: study).contains(where: { $0.id == id }) {
                throw HTTPError(.forbidden, message: "report \(id) is unblinded: statisticians only")
            }
            throw HTTPError(.notFound, message: "no report \(id) in study \(study)")
        }
        guard r.files.contains(name) else { throw HTTPError(.notFound, message: "report \(id) has no file \(name)") }
        return (r.directory as NSString).appendingPathComponent(name)
    }

    func reportRows(_ account: Account, study: String) throws -> [ReportRow] {
        try reports.visible(study: study, to: account).map {
            ReportRow(id: $0.id, created: $0.created, user: $0.user, blinded: $0.blinded, files: $0.files)
        }
    }

    /// Spools a multipart body into a fresh directory under the work directory; 413 over the
    /// limit, 400 when it is not multipart. The caller removes the directory.
    func spool(_ request: Request) async throws -> (MultipartSpool, directory: String) {
        if let length = request.headers[.contentLength].flatMap(Int64.init), length > configuration.maxUploadBytes {
            throw HTTPError(.contentTooLarge, message: "uploads are limited to \(configuration.maxUploadBytes) bytes")
        }
        guard let boundary = MultipartSpool.boundary(contentType: request.headers[.contentType]) else {
            throw HTTPError(.badRequest, message: "send multipart/form-data with one or more parts named file")
        }
        let dir = (studies.workDirectory as NSString).appendingPathComponent("spool/\(Secrets.random(bytes: 12))")
        do {
            return (try await MultipartSpool.read(request.body, boundary: boundary, into: dir, limit: configuration.maxUploadBytes), dir)
        } catch MultipartSpool.Failure.tooLarge {
            try? FileManager.default.removeItem(atPath: dir)
            throw HTTPError(.contentTooLarge, message: "uploads are limited to \(configuration.maxUploadBytes) bytes")
        } catch MultipartSpool.Failure.malformed(let why) {
            try? FileManager.default.removeItem(atPath: dir)
            throw HTTPError(.badRequest, message: why)
        }
    }

    func audit(_ store: StudyStore?, _ action: String, _ details: String, user: String) {
        try? store?.catalog.audit(action, details, user: "portal:\(user)")
    }
}
