import Domain
import Readers
import Store

/// The parse stage's sink for one file: groups the reader's values by sample, runs the sample
/// processors, and sends chunks down the file's channel (blocking when the writer is behind).
/// Chunks go as `MeasurementBlock`s, encoded here on the parse thread, so the writer only
/// remaps a few categories per chunk and copies arrays.
final class ChannelSink: MeasurementSink {
    private let channel: BoundedChannel<FileEvent>
    private let processor: (any SampleProcessor)?
    /// When set, the whole file is buffered and goes through it before sample processing.
    private let fileProcessor: (any FileProcessor)?
    private var fileBuffer: [Measurement] = []
    private var fileTables: [AuxiliaryTable] = []
    private let file: SourceFile
    private let format: SourceFormat?
    private let chunkSize: Int
    private var group: [Measurement] = []
    private var out: MeasurementBlock
    private var diagnostics: [Diagnostic] = []
    /// Identical warnings (same code and text, e.g. one unmapped gate in every sample) are
    /// reported once with a count, not once per sample.
    private var warningRepeats: [String: (first: Diagnostic, more: Int)] = [:]
    private var warningOrder: [String] = []

    struct Cancelled: Error {}

    init(
        channel: BoundedChannel<FileEvent>, processor: (any SampleProcessor)?, fileProcessor: (any FileProcessor)? = nil,
        file: SourceFile, format: SourceFormat? = nil, chunkSize: Int
    ) {
        self.channel = channel
        self.format = format
        self.processor = processor
        self.fileProcessor = fileProcessor
        self.file = file
        self.chunkSize = chunkSize
        out = MeasurementBlock(capacity: chunkSize)
    }

    func accept(_ m: consuming Measurement) throws {
        if fileProcessor != nil {
            fileBuffer.append(m)
            return
        }
        try route(m)
    }

    private func route(_ m: consuming Measurement) throws {
        guard processor != nil else {
            out.append(m)
            if out.count >= chunkSize { try sendRows() }
            return
        }
        // The last row's field, not `group.last` (a copy of the whole value, per row read).
        if !group.isEmpty, group[group.count - 1].sample != m.sample { try closeGroup() }
        group.append(m)
    }

    func report(_ d: Diagnostic) {
        if collapse(d) { return }
        diagnostics.append(d)
        if diagnostics.count >= 1024 {
            channel.send(.diagnostics(diagnostics))
            diagnostics.removeAll(keepingCapacity: true)
        }
    }

    func attach(_ table: AuxiliaryTable) {
        if fileProcessor != nil {
            fileTables.append(table)
            return
        }
        channel.send(.table(table))
    }

    /// True when `d` repeats a warning already reported for this file (it is then counted).
    private func collapse(_ d: Diagnostic) -> Bool {
        guard d.severity == .warning else { return false }
        let key = d.code + "\u{1F}" + d.message
        if let seen = warningRepeats[key] {
            warningRepeats[key] = (seen.first, seen.more + 1)
            return true
        }
        warningRepeats[key] = (d, 0)
        warningOrder.append(key)
        return false
    }

    private func closeGroup() throws {
        guard let processor, !group.isEmpty else { return }
        // Handed over, not shared: the processor may then change the values in place.
        var sample: [Measurement] = []
        sample.reserveCapacity(group.count)
        swap(&sample, &group)
        let r = processor.process(sample: consume sample, file: file)
        diagnostics += r.diagnostics.filter { !collapse($0) }
        // Through a buffer pointer, which lends each value: iterating the array, or passing
        // `r.accepted[i]`, copied each one (fifteen strings retained and released).
        try r.accepted.withUnsafeBufferPointer { accepted in
            for i in accepted.indices {
                out.append(accepted[i])
                if out.count >= chunkSize { try sendRows() }
            }
        }
    }

    private func sendRows() throws {
        if !diagnostics.isEmpty {
            channel.send(.diagnostics(diagnostics))
            diagnostics = []
        }
        guard !out.isEmpty else { return }
        if !channel.send(.rows(out)) { throw Cancelled() }
        out = MeasurementBlock(capacity: chunkSize)
    }

    /// Sends whatever is still buffered.
    func finish() throws {
        if let fileProcessor {
            let r = fileProcessor.process(file: fileBuffer, tables: fileTables, file: file, format: format)
            fileBuffer = []
            diagnostics += r.diagnostics.filter { !collapse($0) }
            for t in r.tables { channel.send(.table(t)) }
            // Plate values arrive well by well; group them by sample for the sample processors.
            var order: [String] = []
            var bySample: [String: [Measurement]] = [:]
            for m in r.accepted {
                if bySample[m.sample] == nil { order.append(m.sample) }
                bySample[m.sample, default: []].append(m)
            }
            for s in order { for m in bySample[s]! { try route(m) } }
        }
        try closeGroup()
        for key in warningOrder {
            guard let (first, more) = warningRepeats[key], more > 0 else { continue }
            diagnostics.append(
                .warning(
                    first.location, code: first.code,
                    "the warning above (\(first.code)) repeats \(more) more time\(more == 1 ? "" : "s") in this file"))
        }
        try sendRows()
        if !diagnostics.isEmpty {
            channel.send(.diagnostics(diagnostics))
            diagnostics = []
        }
    }
}
