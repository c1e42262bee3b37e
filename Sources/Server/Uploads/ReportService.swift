import Foundation
import Portal
import Report
import Store

/// Runs a change-from-baseline report through the same `ReportRun.run` as the CLI's `report`,
/// into the portal's work directory, and records which files it wrote and whether it is blinded.
struct ReportService: Sendable {
    let accounts: AccountStore
    let studies: StudyDirectory

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// `randomization` is a spooled file; only a statistician's request may carry one.
    func run(study: String, store: StudyStore, account: Account, randomization: String?) async throws -> ReportRow {
        let settings = try studies.settings(study)
        guard let definition = settings.definition, let clinical = settings.clinical else {
            throw Failure(
                description:
                    "this study has no report inputs: set \"definition\" and \"clinical\" in \(StudySettings.path(directory: studies.root, study: study))"
            )
        }
        let out = (studies.workDirectory as NSString).appendingPathComponent("reports/\(study)/\(Secrets.random(bytes: 8))")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let files = try ClinicalInputs.resolve(clinical: clinical, firstDose: nil)
        let request = ReportRun.Request(
            studyDefinition: definition, clinical: files, randomization: randomization,
            out: out, command: "portal report by \(account.name)")
        let result = try await UploadService.offThread { try ReportRun.run(store: store, request) }
        let names = result.summary.files.map { ($0 as NSString).lastPathComponent }.sorted()
        let id = try accounts.recordReport(
            study: study, user: account.name, blinded: result.summary.blinded,
            directory: out, files: names)
        try store.catalog.audit(
            "portal-report", "report \(id) (\(result.summary.blinded ? "blinded" : "unblinded")): \(names.joined(separator: ", "))",
            user: "portal:\(account.name)")
        return ReportRow(id: id, created: AccountStore.now(), user: account.name, blinded: result.summary.blinded, files: names)
    }

    /// The reports an account may see: blinded ones for everyone with report rights, unblinded
    /// ones only for statisticians.
    func visible(study: String, to account: Account) throws -> [AccountStore.ReportRecord] {
        try accounts.reports(study: study).filter { $0.blinded || account.role.mayUnblind }
    }
}
