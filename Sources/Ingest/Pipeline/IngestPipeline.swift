import Dispatch
import Domain
import Foundation
import Readers
import Store

/// The streaming ingest: archive → claim → parse files concurrently on Dispatch → one writer.
///
/// ```
///  files ──archive (sha256)──► claim in catalog ──► parse (≤ maxFilesInFlight at once, global
///  concurrent queue) ──► per-file bounded channel ──► single writer stage ──► one segment
/// ```
/// The writer drains files in the order given, so the same files always produce the same
/// segment (reprocessing relies on that). A parser that gets ahead blocks on its channel; at
/// most `maxFilesInFlight` files are being parsed or waiting, so memory is bounded by
/// `maxFilesInFlight × channelCapacity × chunkSize` rows whatever the input size. HDF5 is only
/// ever called from the writer: the library holds a global lock, so parallel calls buy nothing.
public struct IngestPipeline: Sendable {
    public struct Options: Sendable {
        /// Force a reader (format id) instead of detecting one per file.
        public var format: String?
        public var processor: (any SampleProcessor)?
        /// Whole-file processing for plate formats (standard curves, QC, replicate means).
        public var fileProcessor: (any FileProcessor)? = CytokinePlateProcessor()
        /// Reject the whole batch (store nothing) if any row or file has an error.
        public var strict = false
        public var maxFilesInFlight = ProcessInfo.processInfo.activeProcessorCount + 1
        public var channelCapacity = 4
        public var chunkSize = 8192
        public var command = "ingest"
        public var panel = ""
        public var shard = ""
        /// JSON of the `ProcessorConfiguration.Spec` used, recorded with the batch.
        public var processing = ""
        public init() {}
    }

    public struct Progress: Sendable {
        public var filesDone: Int
        public var filesTotal: Int
        public var rows: Int
        public var elapsed: Double
    }

    public let store: StudyStore
    public let options: Options

    public init(store: StudyStore, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    /// Ingests `files` as one batch. Files already in the store are skipped and reported.
    public func run(_ files: [SourceFile], progress: (@Sendable (Progress) -> Void)? = nil) throws -> IngestSummary {
        do { return try ingest(files, progress: progress) } catch {
            throw StoreError.classify(error, writing: store.root)
        }
    }

    private func ingest(_ files: [SourceFile], progress: (@Sendable (Progress) -> Void)?) throws -> IngestSummary {
        let started = Date()
        // 1. Archive the exact bytes first: whatever happens next, they can be re-derived. A
        // --strict batch only stages them: it publishes them when it is stored, so a rejected
        // one leaves nothing behind.
        var offered: [OfferedFile] = []
        var readPath: [String: String] = [:]
        var staged: [RawArchive.Staged] = []
        defer { staged.forEach(store.archive.discard) }
        for f in files {
            do {
                let copy = try store.archive.stage(f.path)
                if options.strict {
                    staged.append(copy)
                    readPath[copy.sha256] = copy.path
                } else {
                    readPath[copy.sha256] = try store.archive.publish(copy).path
                }
                offered.append(OfferedFile(sha256: copy.sha256, name: f.displayName, size: copy.size))
            } catch {
                if case StoreError.diskFull = error { throw error }
                throw FileRejected(f.location(), code: "unreadable-file", "cannot archive: \(error)")
            }
        }
        FaultPoint.reached("ingest.archived")
        // 2. Claim them for a new batch, parse and write. A `commit` that makes another
        // generation current meanwhile makes the batch's commit refuse (it would be invisible);
        // the batch is then redone in the new generation, where its files are new or stored.
        var attempt = 1
        while true {
            do {
                return try ingestBatch(offered, readPath: readPath, staged: staged, started: started, progress: progress)
            } catch StoreError.generationSwitched(let from, let to) where attempt < 5 {
                attempt += 1
                _ = (from, to)
            }
        }
    }

    private func ingestBatch(
        _ offered: [OfferedFile], readPath: [String: String], staged: [RawArchive.Staged], started: Date,
        progress: (@Sendable (Progress) -> Void)?
    ) throws -> IngestSummary {
        let (openBatch, skipped) = try store.beginBatch(
            files: offered, command: options.command, panel: options.panel,
            shard: options.shard,
            processing: options.processing)
        var summary = IngestSummary(batch: openBatch?.id, generation: try openBatch?.generation ?? store.catalog.currentGeneration())
        for s in skipped {
            summary.files.append(
                .init(
                    name: s.file.name, sha256: s.file.sha256, outcome: s.held ? "held" : "skipped", format: "",
                    accepted: 0, rejected: 0, warnings: 0, message: s.reason))
        }
        guard let batch = openBatch else {
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        }
        // 3. Parse concurrently, write serially.
        let claimed = batch.claimed.map { SourceFile(path: readPath[$0.sha256]!, displayName: $0.name) }
        do {
            let results = try parseAndWrite(claimed, batch: batch, started: started, progress: progress, summary: &summary)
            let hasErrors = summary.diagnostics.contains { $0.severity == .error }
            if options.strict && hasErrors {
                store.abandon(batch, forget: true)
                summary.batch = nil
                for i in summary.files.indices where summary.files[i].outcome == "stored" {
                    summary.files[i].outcome = "rejected"
                    summary.files[i].message = "batch rejected (--strict): errors found"
                }
                summary.accepted = 0
            } else {
                let claimedSHA = Set(batch.claimed.map(\.sha256))
                for s in staged where claimedSHA.contains(s.sha256) { _ = try store.archive.publish(s) }
                FaultPoint.reached("ingest.before-commit")
                try store.commit(
                    batch, sources: results.sources, rejectedReasons: results.rejectedReasons,
                    attributes: ["command": options.command, "panel": options.panel],
                    auditDetails:
                        "batch \(batch.id): \(claimed.count) files, \(summary.accepted) rows accepted, \(summary.rejected) rejected")
            }
        } catch {
            store.abandon(batch)
            throw error
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    private struct WriteResults {
        var sources: [SegmentSource] = []
        var rejectedReasons: [String: String] = [:]
    }

    private func parseAndWrite(
        _ files: [SourceFile], batch: StudyStore.OpenBatch, started: Date,
        progress: (@Sendable (Progress) -> Void)?, summary: inout IngestSummary
    ) throws -> WriteResults {
        let channels = (0..<files.count).map { _ in BoundedChannel<FileEvent>(capacity: options.channelCapacity) }
        let inFlight = DispatchSemaphore(value: max(1, options.maxFilesInFlight))
        let cancelled = AtomicFlag()
        let feederDone = Self.startFeeder(files, channels: channels, inFlight: inFlight, cancelled: cancelled, options: options)
        do {
            let results = try drain(
                files, channels: channels, inFlight: inFlight, batch: batch, started: started,
                progress: progress, summary: &summary)
            feederDone.wait()
            return results
        } catch {
            cancelled.set()
            channels.forEach { $0.close() }
            for _ in files { inFlight.signal() }
            feederDone.wait()
            throw error
        }
    }

    /// Starts a parse for each file once a slot is free, on the global concurrent queue.
    private static func startFeeder(
        _ files: [SourceFile], channels: [BoundedChannel<FileEvent>], inFlight: DispatchSemaphore,
        cancelled: AtomicFlag, options: Options
    ) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        let queue = DispatchQueue.global(qos: .userInitiated)
        Thread.detachNewThread {
            for (i, file) in files.enumerated() {
                inFlight.wait()
                if cancelled.isSet {
                    channels[i].close()
                    continue
                }
                queue.async { Self.parse(file, into: channels[i], options: options) }
            }
            done.signal()
        }
        return done
    }

    /// The single writer stage: drains each file's channel in order into the segment.
    private func drain(
        _ files: [SourceFile], channels: [BoundedChannel<FileEvent>], inFlight: DispatchSemaphore,
        batch: StudyStore.OpenBatch, started: Date, progress: (@Sendable (Progress) -> Void)?,
        summary: inout IngestSummary
    ) throws -> WriteResults {
        var results = WriteResults()
        var rows = 0
        var lastProgress = Date.distantPast
        for (i, file) in files.enumerated() {
            let sha = batch.claimed[i].sha256
            var accepted = 0, rejected = 0, warnings = 0
            var format: SourceFormat?
            var rejection: Diagnostic?
            while let event = channels[i].receive() {
                switch event {
                case .rows(let block):
                    try batch.writer.append(block, source: i)
                    accepted += block.count
                    rows += block.count
                case .diagnostics(let ds):
                    for d in ds {
                        batch.writer.record(d, source: i)
                        if d.severity == .error { rejected += 1 } else { warnings += 1 }
                    }
                    summary.diagnostics += ds
                case .table(let t):
                    batch.writer.attach(t, source: i)
                case .finished(let f, let r):
                    format = f
                    rejection = r
                    channels[i].close()
                }
                if let progress, Date().timeIntervalSince(lastProgress) > 0.2 {
                    lastProgress = Date()
                    progress(Progress(filesDone: i, filesTotal: files.count, rows: rows, elapsed: Date().timeIntervalSince(started)))
                }
            }
            inFlight.signal()
            if let r = rejection {
                batch.writer.record(r, source: i)
                summary.diagnostics.append(r)
                rejected += 1
                results.rejectedReasons[sha] = r.description
            }
            results.sources.append(
                SegmentSource(
                    name: file.displayName, sha256: sha, size: batch.claimed[i].size,
                    format: format?.id ?? "", parserVersion: format?.parserVersion ?? "",
                    rowsAccepted: accepted, rowsRejected: rejected, warnings: warnings))
            summary.files.append(
                .init(
                    name: file.displayName, sha256: sha, outcome: rejection == nil ? "stored" : "rejected",
                    format: format?.id ?? "", accepted: accepted, rejected: rejected, warnings: warnings,
                    message: rejection?.message ?? ""))
            summary.accepted += accepted
            summary.rejected += rejected
            summary.warnings += warnings
        }
        progress?(Progress(filesDone: files.count, filesTotal: files.count, rows: rows, elapsed: Date().timeIntervalSince(started)))
        return results
    }

    /// The parse stage for one file, on a Dispatch worker.
    static func parse(_ file: SourceFile, into channel: BoundedChannel<FileEvent>, options: Options) {
        var format: SourceFormat?
        do {
            let reader: any MeasurementReader
            if let id = options.format {
                guard let r = ReaderRegistry.reader(id: id) else {
                    throw FileRejected(file.location(), code: "unknown-format", "no reader has the format id '\(id)'")
                }
                reader = r
            } else {
                reader = try ReaderRegistry.detect(file)
            }
            format = reader.format
            let fileProcessor = options.fileProcessor.flatMap { $0.applies(to: reader.format) ? $0 : nil }
            let sink = ChannelSink(
                channel: channel, processor: options.processor, fileProcessor: fileProcessor,
                file: file, format: reader.format, chunkSize: options.chunkSize)
            try reader.read(file, into: sink)
            try sink.finish()
            channel.send(.finished(format: format, rejection: nil))
        } catch let e as FileRejected {
            channel.send(.finished(format: format, rejection: e.diagnostic))
        } catch is ChannelSink.Cancelled {
            return
        } catch {
            channel.send(.finished(format: format, rejection: .error(file.location(), code: "read-failed", "\(error)")))
        }
    }
}

/// A flag set once, read from any thread.
final class AtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
