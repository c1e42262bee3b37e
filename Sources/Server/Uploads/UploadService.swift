import Domain
import Foundation
import Ingest
import Portal
import Readers
import Store

/// Turns spooled upload files into a batch through the same `Ingestion.run` as the CLI's
/// `ingest`, records who uploaded it from which site, and audits it in the study store.
struct UploadService: Sendable {
    let accounts: AccountStore
    let studies: StudyDirectory

    func ingest(_ spool: MultipartSpool, study: String, store: StudyStore, account: Account) async throws -> (verdict: Verdict, upload: Int64) {
        let files = spool.files.filter { $0.field == "file" }.map { SourceFile(path: $0.path, displayName: $0.name) }
        let settings = try studies.settings(study)
        let site = account.site ?? ""
        let request = Ingestion.Request(processing: settings.processing,
                                        command: "portal upload by \(account.name) (site \(site))")
        let summary = try await Self.offThread { try Ingestion.run(store: store, files: files, request) }
        let verdict = Self.verdict(summary)
        let json = String(decoding: try JSONEncoder().encode(verdict), as: UTF8.self)
        let id = try accounts.recordUpload(study: study, batch: summary.batch, user: account.name, site: site, verdict: json)
        try store.catalog.audit("portal-upload", """
            upload \(id) from site \(site): \(files.map(\.displayName).joined(separator: ", ")) → \
            \(summary.batch.map { "batch \($0)" } ?? "no new batch"), \(summary.accepted) rows stored, \(summary.rejected) rejected
            """, user: "portal:\(account.name)")
        return (verdict, id)
    }

    static func verdict(_ s: IngestSummary) -> Verdict {
        Verdict(batch: s.batch, stored: s.accepted, rejected: s.rejected, warnings: s.warnings,
                files: s.files.map {
                    Verdict.File(name: $0.name, format: $0.format, rows: $0.accepted, rejected: $0.rejected,
                                 warnings: $0.warnings, outcome: $0.outcome, message: $0.message)
                },
                diagnostics: s.diagnostics.map(Verdict.Problem.init))
    }

    /// The pipeline blocks (Dispatch stages, one HDF5 writer): run it on a Dispatch thread, not
    /// on the server's cooperative pool.
    static func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            DispatchQueue.global().async { c.resume(with: Result { try body() }) }
        }
    }
}
