import Dispatch
import Domain
import Readers
import Store

/// `immunopipe validate`: one file through exactly the parse stage `ingest` runs (reader, plate
/// processing, sample processing), with nothing archived or written. Values are counted, not
/// kept: keeping them made `validate` hold ~11 KB per row of a FlowJo table (566 MB for an
/// 11 MB export) where `ingest` streams the same file in 76 MB.
public struct FileCheck: Sendable {
    public var file: SourceFile
    public var format: SourceFormat?
    /// How many values the file gives (after plate and sample processing).
    public var values = 0
    public var tables: [AuxiliaryTable] = []
    public var diagnostics: [Diagnostic] = []
    public var rejected: Diagnostic?
}

extension IngestPipeline {
    public static func dryRun(_ file: SourceFile, options: Options) -> FileCheck {
        let channel = BoundedChannel<FileEvent>(capacity: options.channelCapacity)
        DispatchQueue.global(qos: .userInitiated).async { parse(file, into: channel, options: options) }
        var check = FileCheck(file: file)
        while let event = channel.receive() {
            switch event {
            case .rows(let block): check.values += block.count
            case .diagnostics(let ds): check.diagnostics += ds
            case .table(let t): check.tables.append(t)
            case .finished(let f, let r):
                check.format = f
                check.rejected = r
                channel.close()
            }
        }
        return check
    }
}
