import HDF5

/// A text column whose every row differs (the report's SRCREF), stored as fixed-length UTF-8
/// strings, NUL-padded to `width` bytes, buffered and appended a chunk at a time through
/// `ChunkFilter` like the numeric columns.
///
/// Why not variable-length strings: HDF5 keeps each of those as an object of its own in the
/// file's global heap, uncompressed, inserted one call at a time. For 10 M rows of SRCREF that
/// was 440 MB of heap (half the results file) and a fifth of the writer thread's time. Fixed
/// width, shuffled by byte position and deflated, the same column is about 6 MB. h5py, anndata
/// and HDF5's tools read it as the same strings (an AnnData `string-array` of either kind).
final class FixedWidthTextColumnBuilder {
    let dataset: HDF5Dataset
    let width: Int
    private var buffer: [UInt8] = []
    private let chunkBytes: Int
    private let filter: ChunkFilter
    private let deflate: ChunkFilter.Deflate

    init(
        parent: HDF5Group, name: String, width: Int, options: DatasetOptions, filter: ChunkFilter,
        deflate: ChunkFilter.Deflate
    ) throws {
        self.width = max(1, width)
        dataset = try parent.createStringDataset(name, fixedLength: self.width, options: options)
        chunkBytes = options.chunk * self.width
        self.filter = filter
        self.deflate = deflate
        buffer.reserveCapacity(chunkBytes)
    }

    /// Appends rows already laid out `width` bytes apart, NUL-padded, and writes the whole
    /// chunks: those within `bytes` from `bytes` itself (`ChunkWriting.write(_:after:chunk:_:)`).
    func write(padded bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { b in
            try ChunkWriting.write(b, after: &buffer, chunk: chunkBytes) { chunk in
                try dataset.appendFixedStringChunk(UnsafeRawBufferPointer(chunk), using: filter, deflate: deflate)
            }
        }
    }

    func finish() throws {
        try write(includingLast: true)
        buffer = []
        try AnnDataEncoding.markStringArray(dataset)
    }

    private func write(includingLast: Bool) throws {
        try ChunkWriting.write(&buffer, chunk: chunkBytes, includingLast: includingLast) { b in
            try dataset.appendFixedStringChunk(UnsafeRawBufferPointer(b), using: filter, deflate: deflate)
        }
    }
}
