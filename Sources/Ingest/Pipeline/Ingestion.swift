import Domain
import Readers
import Store

/// One ingest as a user asks for it: files, the mapping/linkage configuration, a forced format,
/// strictness. The CLI's `ingest` and the portal's uploads both call this, so the same files
/// with the same configuration get the same verdict whichever door they came through.
public enum Ingestion {
    public struct Request: Sendable {
        public var processing: ProcessorConfiguration.Spec
        public var format: String?
        public var strict: Bool
        /// Recorded with the batch (the command line, or the portal user's upload).
        public var command: String

        public init(
            processing: ProcessorConfiguration.Spec = .init(), format: String? = nil,
            strict: Bool = false, command: String
        ) {
            self.processing = processing
            self.format = format
            self.strict = strict
            self.command = command
        }
    }

    /// Configures the processing chain (sample step and plate step), runs the pipeline and puts
    /// the configuration's own diagnostics (manifest, blood counts, plate layout) before the files'.
    public static func run(
        store: StudyStore, files: [SourceFile], _ request: Request,
        progress: (@Sendable (IngestPipeline.Progress) -> Void)? = nil
    ) throws -> IngestSummary {
        let configured = try ProcessorConfiguration.make(request.processing)
        let plate = try ProcessorConfiguration.plateProcessor(request.processing)
        var options = IngestPipeline.Options()
        options.processor = configured.processor
        options.fileProcessor = plate.processor
        options.panel = configured.panelID
        options.processing = request.processing.json
        options.format = request.format
        options.strict = request.strict
        options.command = request.command
        var summary = try IngestPipeline(store: store, options: options).run(files, progress: progress)
        summary.diagnostics = configured.diagnostics + plate.diagnostics + summary.diagnostics
        return summary
    }
}
