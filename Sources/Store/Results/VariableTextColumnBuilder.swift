import HDF5

/// A text column whose rows may each differ and whose longest row is not known while the table
/// streams (the report's NOTE and AVALC), stored as variable-length UTF-8 strings, buffered and
/// appended a chunk at a time (`HDF5Dataset.appendStringChunk`). Most rows of those columns are
/// empty, and a chunk of empty rows is written as the null references HDF5 itself would store,
/// without HDF5 converting each row: that conversion was 5-8 % of a CFB-only report.
final class VariableTextColumnBuilder {
    let dataset: HDF5Dataset
    private let chunk: Int
    private let filter: ChunkFilter
    /// The texts buffered, NUL-terminated one after the other: text `i` at `starts[i]`, up to
    /// its NUL before `starts[i + 1]` (`starts` has one entry more than there are texts).
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]

    init(parent: HDF5Group, name: String, options: DatasetOptions, filter: ChunkFilter) throws {
        dataset = try parent.createStringDataset(name, options: options)
        chunk = options.chunk
        self.filter = filter
    }

    /// Appends texts laid out as `bytes` holds them (see `starts` above), from `starts.first`.
    func append(nulTerminated texts: [UInt8], starts textStarts: [Int]) {
        guard let first = textStarts.first, let last = textStarts.last, textStarts.count > 1 else { return }
        let shift = bytes.count - first
        bytes.append(contentsOf: texts[first..<last])
        starts.removeLast()
        starts.append(contentsOf: textStarts.lazy.map { $0 + shift })
    }

    func append(texts: [String]) {
        for t in texts {
            bytes.append(contentsOf: t.utf8)
            bytes.append(0)
            starts.append(bytes.count)
        }
    }

    /// Writes the whole chunks buffered.
    func flush() throws { try write(includingLast: false) }

    func finish() throws {
        try write(includingLast: true)
        try AnnDataEncoding.markStringArray(dataset)
    }

    private func write(includingLast: Bool) throws {
        var done = 0
        while starts.count - 1 - done >= chunk || (includingLast && starts.count - 1 > done) {
            let n = min(chunk, starts.count - 1 - done)
            let from = starts[done]
            try dataset.appendStringChunk(
                nulTerminated: Array(bytes[from..<starts[done + n]]), starts: starts[done...(done + n)].map { $0 - from },
                using: filter)
            done += n
        }
        guard done > 0 else { return }
        let from = starts[done]
        bytes.removeFirst(from)
        starts.removeFirst(done)
        for i in starts.indices { starts[i] -= from }
    }
}
