import Domain
import Readers

/// What the parse stage sends the writer about one file, in order.
enum FileEvent: @unchecked Sendable {
    case rows([Measurement])
    case diagnostics([Diagnostic])
    case table(AuxiliaryTable)
    /// The file is done: read with `format`, or rejected as a whole.
    case finished(format: SourceFormat?, rejection: Diagnostic?)
}

/// The parse stage's sink for one file: groups the reader's values by sample, runs the sample
/// processors, and sends chunks down the file's channel (blocking when the writer is behind).
final class ChannelSink: MeasurementSink {
    private let channel: BoundedChannel<FileEvent>
    private let processor: (any SampleProcessor)?
    private let file: SourceFile
    private let chunkSize: Int
    private var group: [Measurement] = []
    private var out: [Measurement] = []
    private var diagnostics: [Diagnostic] = []

    struct Cancelled: Error {}

    init(channel: BoundedChannel<FileEvent>, processor: (any SampleProcessor)?, file: SourceFile, chunkSize: Int) {
        self.channel = channel
        self.processor = processor
        self.file = file
        self.chunkSize = chunkSize
        out.reserveCapacity(chunkSize)
    }

    func accept(_ m: Measurement) throws {
        guard processor != nil else {
            out.append(m)
            if out.count >= chunkSize { try sendRows() }
            return
        }
        if let last = group.last, last.sample != m.sample { try closeGroup() }
        group.append(m)
    }

    func report(_ d: Diagnostic) {
        diagnostics.append(d)
        if diagnostics.count >= 1024 { channel.send(.diagnostics(diagnostics)); diagnostics.removeAll(keepingCapacity: true) }
    }

    func attach(_ table: AuxiliaryTable) {
        channel.send(.table(table))
    }

    private func closeGroup() throws {
        guard let processor, !group.isEmpty else { return }
        let r = processor.process(sample: group, file: file)
        group.removeAll(keepingCapacity: true)
        diagnostics += r.diagnostics
        out += r.accepted
        if out.count >= chunkSize { try sendRows() }
    }

    private func sendRows() throws {
        if !diagnostics.isEmpty { channel.send(.diagnostics(diagnostics)); diagnostics = [] }
        guard !out.isEmpty else { return }
        if !channel.send(.rows(out)) { throw Cancelled() }
        out = []
        out.reserveCapacity(chunkSize)
    }

    /// Sends whatever is still buffered.
    func finish() throws {
        try closeGroup()
        try sendRows()
        if !diagnostics.isEmpty { channel.send(.diagnostics(diagnostics)); diagnostics = [] }
    }
}
