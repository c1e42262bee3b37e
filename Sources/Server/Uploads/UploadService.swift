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

    func ingest(_ spool: MultipartSpool, study: String, store: StudyStore, account: Account) async throws -> (
        verdict: Verdict, upload: Int64
    ) {
        let files = spool.files.filter { $0.field == "file" }.map { SourceFile(path: $0.path, displayName: $0.name) }
        let settings = try studies.settings(study)
        let site = account.site ?? ""
        let request = Ingestion.Request(
            processing: settings.processing,
            command: "portal upload by \(account.name) (site \(site))")
        let summary = try await Self.offThread { try Ingestion.run(store: store, files: files, request) }
        let verdict = Self.verdict(summary)
        let json = String(decoding: try JSONEncoder().encode(verdict), as: UTF8.self)
        let id = try accounts.recordUpload(study: study, batch: summary.batch, user: account.name, site: site, verdict: json)
        try store.catalog.audit(
            "portal-upload",
            """
            upload \(id) from site \(site): \(files.map(\.displayName).joined(separator: ", ")) → \
            \(summary.batch.map { "batch \($0)" } ?? "no new batch"), \(summary.accepted) rows stored, \(summary.rejected) rejected
            """, user: "portal:\(account.name)")
        return (verdict, id)
    }

    static func verdict(_ s: IngestSummary) -> Verdict {
        Verdict(
            batch: s.batch, stored: s.accepted, rejected: s.rejected, warnings: s.warnings,
            files: s.files.map {
                Verdict.File(
                    name: $0.name, format: $0.format, rows: $0.accepted, rejected: $0.rejected,
                    warnings: $0.warnings, outcome: $0.outcome, message: $0.message)
            },
            diagnostics: s.diagnostics.map(Verdict.Problem.init))
    }

    /// The pipeline blocks its caller while its parse stage runs as work items on Dispatch's
    /// global queue, whose threads on Linux are as many as the cores. Calling it from a global
    /// queue thread would let a few concurrent uploads occupy every such thread and wait for work
    /// items that can never start (found by the 20-upload test). So each run gets a thread of its
    /// own, and at most 2 × cores (at least 4) runs go at once, the others waiting their turn
    /// without a thread: a small batch spends most of its time waiting for fsync, so runs overlap
    /// well beyond the core count, while the bound keeps memory (channels per file in flight) capped.
    static func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        await pipelineSlots.acquire()
        defer { pipelineSlots.release() }
        return try await withCheckedThrowingContinuation { c in
            let t = Thread { c.resume(with: Result { try body() }) }
            t.stackSize = 8 << 20
            t.start()
        }
    }

    static let pipelineSlots = AsyncSlots(max(4, 2 * ProcessInfo.processInfo.activeProcessorCount))
}
